"""Damage backup archives the ways a disk, a transfer or a malicious hand might."""

import io
import json
import tarfile
from pathlib import Path


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, mode="r:gz") as tar:
        return {member.name: tar.extractfile(member).read() for member in tar}


def _write(archive: Path, members: dict[str, bytes]) -> None:
    with tarfile.open(archive, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def rewrite_archive(archive: Path, damage: str) -> None:
    data = bytearray(archive.read_bytes())
    if damage == "flip":
        for offset in range(len(data) // 2, len(data) // 2 + 16):
            data[offset] ^= 0xFF
        archive.write_bytes(bytes(data))
        return
    if damage == "truncate":
        archive.write_bytes(bytes(data[: len(data) // 2]))
        return
    members = _members(archive)
    manifest = json.loads(members["manifest.json"])
    if damage == "tamper":
        members["media/imports/a.csv"] = members["media/imports/a.csv"].replace(b"3", b"0")
    elif damage == "extra":
        members["media/imports/b.csv"] = b"unlisted"
    elif damage == "missing":
        del members["media/imports/a.csv"]
    elif damage == "escape":
        members["../../outside.txt"] = b"escaped"
    elif damage == "no-manifest":
        del members["manifest.json"]
    elif damage == "other-engine":
        manifest["engine"] = "sqlite" if manifest["engine"] == "postgresql" else "postgresql"
    elif damage == "newer-migration":
        manifest["migrations"]["risk"].append("9999_from_the_future")
    else:
        raise ValueError(damage)
    if "manifest.json" in members:
        members["manifest.json"] = json.dumps(manifest).encode()
    _write(archive, members)
