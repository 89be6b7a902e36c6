"""Fails when a message in the zh_Hans catalogue is untranslated or fuzzy, or the catalogue is stale."""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "renda" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries(text: str):
    block: list[str] = []
    for line in text.splitlines() + [""]:
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []


def main() -> int:
    problems = []
    for block in entries(PO.read_text(encoding="utf-8")):
        body = "\n".join(block)
        if 'msgid ""\nmsgstr ""' in body and block[0].startswith("msgid"):
            continue  # the header
        if "#, fuzzy" in body:
            problems.append(("fuzzy", body))
        strs = [line for line in block if line.startswith("msgstr")]
        for index, line in enumerate(block):
            if line.startswith("msgstr") and line.endswith('""'):
                following = block[index + 1] if index + 1 < len(block) else ""
                if not following.startswith('"'):
                    problems.append(("untranslated", body))
        if not strs:
            problems.append(("no msgstr", body))
    for kind, body in problems:
        print(f"{kind}:\n{body}\n")
    mo = PO.with_suffix(".mo")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "django.mo"
        compiled = subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], capture_output=True, text=True)  # noqa: S603,S607
        if compiled.returncode:
            print(compiled.stderr)
            return 1
        if not mo.exists() or mo.read_bytes() != fresh.read_bytes():
            print(f"{mo.relative_to(ROOT)} is stale: run `make messages`")
            return 1
    if problems:
        print(f"{len(problems)} message(s) need a translation in {PO.relative_to(ROOT)}")
        return 1
    print("zh_Hans catalogue complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
