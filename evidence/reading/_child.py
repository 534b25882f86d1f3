"""Child process of `evidence.reading.extract`: `python -m evidence.reading._child`.

Reads one JSON header line (media type, name, limits) and then the file's bytes from stdin, limits its
own address space and CPU time (resource.setrlimit) before parsing anything, and writes one JSON result
to stdout. Whatever goes wrong inside, the caller only ever sees a state.
"""

import json
import resource
import sys
from dataclasses import asdict

from evidence.reading.limits import ReadingLimits


def _limit_self(limits: ReadingLimits) -> None:
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(limits.timeout_s) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def main() -> int:
    header = json.loads(sys.stdin.buffer.readline())
    data = sys.stdin.buffer.read()
    limits = ReadingLimits(**header["limits"])
    _limit_self(limits)
    from evidence.reading._readers import Raw, read  # imported under the limits

    try:
        raw = read(data, header["media_type"], header["name"], limits)
    except MemoryError:
        raw = Raw("too_large", memory=True)
    except RecursionError:
        raw = Raw("corrupt", detail="โครงสร้างไฟล์ซ้อนกันลึกเกินไป")
    except Exception as error:  # noqa: BLE001 - any parser failure is a corrupt file, never a crash
        raw = Raw("corrupt", detail=type(error).__name__)
    out = asdict(raw)
    sys.stdout.write(json.dumps(out, ensure_ascii=False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
