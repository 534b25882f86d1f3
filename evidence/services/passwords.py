"""Password hashing and the password policy (argon2-cffi).

The policy asks for a length and refuses what an attacker tries first: one repeated character,
runs such as `1234567890` or `qwertyuiop`, passwords made of a handful of characters, the most
common passwords, and the user name itself. Unknown user names are checked against a dummy hash so
that a wrong user name takes as long as a wrong password (no user-name enumeration by timing).
"""

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from evidence.errors import FieldProblem

MIN_PASSWORD_LENGTH = 10
MIN_DISTINCT_CHARACTERS = 5
_hasher = PasswordHasher()
_FIELD, _LABEL = "password", "รหัสผ่าน"
_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc")
# The most used passwords of at least ten characters (public breach lists), lower-cased.
COMMON = frozenset({
    "password123", "password1234", "password12", "passw0rd123", "p@ssw0rd123", "p@ssword123", "1q2w3e4r5t",
    "1qaz2wsx3edc", "qwerty123456", "qwertyuiop1", "iloveyou123", "administrator", "admin12345", "admin123456",
    "welcome123", "welcome1234", "letmein123", "changeme123", "sunshine123", "princess123", "football123",
    "1234567890", "0987654321", "12345678910", "1234512345", "1111111111", "abc1234567", "abcd123456",
    "superman123", "monkey12345", "dragon12345", "master12345", "password!", "password01", "qwerty1234",
})


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("no-such-user-dummy-password")


def burn_verify(password: str) -> None:
    """Spend the time a real check takes (argon2 against a dummy hash) and refuse."""
    verify_password(_dummy_hash(_hasher), password)


def _in_a_run(text: str) -> bool:
    """The whole password is a slice of a keyboard or counting run, forwards or backwards."""
    for run in _RUNS:
        for line in (run, run[::-1]):
            if text in line * 3:
                return True
    return False


def password_problems(password: str, username: str) -> list[FieldProblem]:
    """What is wrong with a new password, as Thai messages for the password field (empty: fine)."""
    stripped = password.strip()
    lowered = stripped.lower()
    if len(password) < MIN_PASSWORD_LENGTH or len(stripped) < MIN_PASSWORD_LENGTH:
        return [FieldProblem(_FIELD, f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร (ไม่นับช่องว่างหัวท้าย)", _LABEL)]
    if lowered == username.lower() or (len(username) >= 4 and username.lower() in lowered):
        return [FieldProblem(_FIELD, "รหัสผ่านต้องไม่เหมือนหรือมีชื่อผู้ใช้อยู่", _LABEL)]
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        return [FieldProblem(_FIELD, f"รหัสผ่านต้องมีตัวอักษรต่างกันอย่างน้อย {MIN_DISTINCT_CHARACTERS} ตัว", _LABEL)]
    if lowered in COMMON or _in_a_run(lowered):
        return [FieldProblem(_FIELD, "รหัสผ่านนี้เดาง่ายหรือใช้กันทั่วไป กรุณาตั้งรหัสผ่านอื่น", _LABEL)]
    return []
