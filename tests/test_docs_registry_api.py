"""docs/registry-api.md stays true: every curl example in it is run, in order, against
a real database through Django's test client, and must answer the status written in
the comment above it; the command lines it shows must parse."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

from django.test import Client

from joinedup.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "registry-api.md").read_text(encoding="utf-8")
FENCE = re.compile(r"```(\w+)([^\n]*)\n(.*?)```", re.DOTALL)


def _examples() -> tuple[list[tuple[int, str]], dict[str, str]]:
    commands: list[tuple[int, str]] = []
    files: dict[str, str] = {}
    for language, info, body in FENCE.findall(DOC):
        if language == "csv" and info.strip():
            files[info.strip()] = body
        if language != "sh":
            continue
        for chunk in body.strip().split("\n\n"):
            expected = re.search(r"# → (\d{3})", chunk)
            assert expected, f"an example without its status: {chunk[:60]}"
            lines = [ln for ln in chunk.splitlines() if not ln.startswith("#")]
            commands.append((int(expected.group(1)), " ".join(ln.rstrip("\\") for ln in lines)))
    return commands, files


def _curl(command: str, variables: dict[str, str]) -> dict[str, Any]:
    for name, value in variables.items():
        command = command.replace(f"${name}", value)
    words = shlex.split(command)
    assert words[0] == "curl"
    call: dict[str, Any] = {"method": "get", "headers": {}, "data": None, "form": {}}
    it = iter(words[1:])
    for word in it:
        if word == "-X":
            call["method"] = next(it).lower()
        elif word == "-H":
            name, value = next(it).split(":", 1)
            call["headers"][name.strip().lower()] = value.strip()
        elif word == "-d":
            call["data"] = next(it)
        elif word == "-F":
            name, value = next(it).split("=", 1)
            call["form"][name] = value
        else:
            call["url"] = word
    return call


def test_every_curl_example_answers_as_documented(db: Any, tmp_path: Path) -> None:
    from django.contrib.auth import get_user_model

    from joinedup.registry.models import Organisation
    from joinedup.web.models import ApiToken

    admin = get_user_model().objects.create_superuser("docs-admin", "d@example.org", "x-Pass-99")
    _row, token = ApiToken.issue(admin, "docs")
    commands, files = _examples()
    assert len(commands) >= 8
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    client = Client()
    for expected, command in commands:
        org = Organisation.objects.filter(external_id="ORG-1").first()
        variables = {"JOINEDUP": "", "TOKEN": token, "ORG_ID": str(org.pk if org else 0)}
        call = _curl(command, variables)
        headers = {"HTTP_AUTHORIZATION": call["headers"]["authorization"]}
        method = getattr(client, call["method"])
        if call["form"]:
            form = {}
            for key, value in call["form"].items():
                form[key] = (tmp_path / value.removeprefix("@")).open("rb")
            response = method(call["url"], form, **headers)
            for handle in form.values():
                handle.close()
        else:
            content_type = call["headers"].get("content-type", "application/json")
            response = method(call["url"], call["data"], content_type=content_type, **headers)
        assert response.status_code == expected, (command, response.content)
    assert Organisation.objects.get(external_id="ORG-1").tier == "regional"


def test_the_command_lines_in_the_doc_parse() -> None:
    lines = re.findall(r"^ {4}joinedup (registry .+)$", DOC, re.MULTILINE)
    assert lines
    parser = build_parser()
    for line in lines:
        args = parser.parse_args(shlex.split(line))
        assert args.registry_command == "sync"
