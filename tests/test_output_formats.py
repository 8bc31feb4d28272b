"""`convert --output-format text|json|github|sarif` (src/threadmod/output_formats.py).

The JSON document is validated against tests/data/schemas/threadmod-output.schema.json,
the SARIF log against the official SARIF 2.1.0 schema (tests/data/schemas/README.md says
where it comes from), and GitHub's workflow commands against their syntax by regex.  Each
format must say what the text output says: the same files, statuses, positions, codes and
messages.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from threadmod import output_formats
from threadmod.registry import all_transforms

SCHEMAS = Path(__file__).parent / "data" / "schemas"
TRANSFORMS = all_transforms()

WORKER = b'import thread\n\ndef work(jobs):\n    if jobs.get("stop") == coerce(1):\n        thread.exit()\n    print "working"\n'
BROKEN = b'print "unterminated\n'
PLAIN = b"x = 1\n"
LEFTOVERS = b"import md5\nfor i in coerce(3): pass\n"  # two diagnostics, nothing to change
TEXT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rest>.*)$")
# ::warning file=P,line=L,col=C,title=T::message  (GitHub Actions workflow commands: the
# properties are key=value pairs, commas and colons in them escaped; the data has no newline).
WORKFLOW_COMMAND = re.compile(
    r"^::(?P<kind>warning|error) "
    r"file=(?P<file>[^,:\r\n]+),line=(?P<line>[1-9]\d*),col=(?P<col>[1-9]\d*),title=(?P<title>[^,:\r\n]+)"
    r"::(?P<message>[^\r\n]*)$"
)


def load_schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


THREADMOD_SCHEMA = load_schema("threadmod-output.schema.json")
SARIF_SCHEMA = load_schema("sarif-schema-2.1.0.json")


def validate_json(document: dict) -> None:
    jsonschema.Draft202012Validator(THREADMOD_SCHEMA).validate(document)


def validate_sarif(document: dict) -> None:
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """app/ with a file to change (one diagnostic), one that fails, one unchanged, one with
    diagnostics only, and one whose name needs escaping in a URI; the current folder is tmp_path."""
    app = tmp_path / "app"
    (app / "sub dir").mkdir(parents=True)
    (app / "worker.py").write_bytes(WORKER)
    (app / "broken.py").write_bytes(BROKEN)
    (app / "ok.py").write_bytes(PLAIN)
    (app / "sub dir" / "left,overs.py").write_bytes(LEFTOVERS)
    monkeypatch.chdir(tmp_path)
    return Path("app")


def text_findings(stderr: str) -> list[tuple[str, int, int, str]]:
    """(path, line, col, `CODE message` or cause) of each `path:line:col: ...` line of text output."""
    found = []
    for line in stderr.splitlines():
        match = TEXT_LINE.match(line)
        if match:
            found.append((match["path"], int(match["line"]), int(match["col"]), match["rest"]))
    return sorted(found)


# --- json ---------------------------------------------------------------------------------


def test_json_is_valid_and_says_what_text_says(cli, tree):
    text = cli("convert", tree, "--check")
    run = cli("convert", tree, "--check", "--output-format", "json")
    assert run.exit_code == text.exit_code == 2  # a file failed
    document = json.loads(run.stdout)
    validate_json(document)
    files = {entry["path"]: entry for entry in document["files"]}
    worker, broken, ok = (os.path.join("app", name) for name in ("worker.py", "broken.py", "ok.py"))
    leftovers = os.path.join("app", "sub dir", "left,overs.py")
    assert [entry["path"] for entry in document["files"]] == sorted(files, key=[*files].index)
    assert {path: entry["status"] for path, entry in files.items()} == {
        worker: "would-change", broken: "failed", ok: "unchanged", leftovers: "unchanged",
    }
    findings = []
    for path, entry in files.items():
        findings += [(path, d["line"], d["col"], f"{d['code']} {d['message']}") for d in entry["diagnostics"]]
        if "error" in entry:
            findings.append((path, entry["error"]["line"], entry["error"]["col"], entry["error"]["message"]))
    assert sorted(findings) == text_findings(text.stderr)
    assert document["summary"] == {
        "files": 4,
        "statuses": {"changed": 0, "would-change": 1, "unchanged": 2, "failed": 1},
        "diagnostics": {"TM301": 3},
    }
    assert document["tool"]["name"] == "threadmod" and document["tool"]["version"]
    assert not text_findings(run.stderr)  # stderr keeps only the summary
    assert "diff" not in files[worker]


def test_json_has_each_diff_with_diff_and_prints_nothing_else(cli, tree):
    text = cli("convert", tree / "worker.py", "--diff")
    run = cli("convert", tree / "worker.py", "--diff", "--output-format", "json")
    document = json.loads(run.stdout)
    validate_json(document)
    (entry,) = document["files"]
    assert entry["diff"] == text.stdout.decode()


@pytest.mark.parametrize("mode, status", [(["-w"], "changed"), (["-o", "out"], "changed"), ([], "would-change")])
def test_json_status_says_whether_the_file_was_written(cli, tree, mode, status):
    run = cli("convert", tree / "worker.py", *mode, "--output-format", "json")
    document = json.loads(run.stdout)  # stdout is the document alone: no converted source
    validate_json(document)
    assert document["files"][0]["status"] == status
    assert ((tree / "worker.py").read_bytes() == WORKER) is ("-w" not in mode)
    assert Path("out", "worker.py").exists() is ("-o" in mode)


def test_json_exit_codes_are_the_text_ones(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.py").write_bytes(WORKER)
    Path("b.py").write_bytes(PLAIN)
    assert cli("convert", "a.py", "--check", "--output-format", "json").exit_code == 1
    assert cli("convert", "b.py", "--check", "--output-format", "json").exit_code == 0
    document = json.loads(cli("convert", "b.py", "--output-format", "json").stdout)
    validate_json(document)
    assert document["files"] == [{"path": "b.py", "status": "unchanged", "diagnostics": []}]


def test_the_schema_rejects_what_the_format_never_is():
    good = output_formats.json_document([output_formats.FileRecord("a.py", "unchanged")], with_diff=False)
    validate_json(good)
    for broken in (
        {**good, "files": [{"path": "a.py", "status": "failed", "diagnostics": []}]},  # failed without error
        {**good, "files": [{"path": "a.py", "status": "skipped", "diagnostics": []}]},
        {**good, "files": [{"path": "a.py", "status": "unchanged", "diagnostics": [], "diff": "x"}]},
        {**good, "files": [{"path": "a.py", "status": "unchanged",
                            "diagnostics": [{"line": 0, "col": 1, "code": "TM101", "message": "m"}]}]},
        {**good, "extra": 1},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validate_json(broken)


# --- github -------------------------------------------------------------------------------


def test_github_lines_are_workflow_commands_for_every_diagnostic_and_failure(cli, tree):
    text = cli("convert", tree, "--check")
    run = cli("convert", tree, "--check", "--output-format", "github")
    assert run.exit_code == text.exit_code
    lines = run.stdout.decode().splitlines()
    matches = [WORKFLOW_COMMAND.match(line) for line in lines]
    assert all(matches), lines
    unescape = lambda s: s.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")  # noqa: E731
    findings = sorted(
        (
            unescape(m["file"]).replace("/", os.sep), int(m["line"]), int(m["col"]),
            (f"{m['title']} " if m["kind"] == "warning" else "") + unescape(m["message"]),
        )
        for m in matches
    )
    assert findings == text_findings(text.stderr)
    assert [m["kind"] for m in matches].count("error") == 1
    assert {m["title"] for m in matches if m["kind"] == "warning"} == {"TM301"}
    assert any("left%2Covers.py" in m["file"] for m in matches)  # a comma in a property is escaped
    assert not text_findings(run.stderr)


def test_github_escapes_what_would_end_a_command():
    record = output_formats.FileRecord(
        "a:b,c.py", "unchanged", diagnostics=[output_formats.Finding(3, 4, "50% of\nit\r", "TM301")]
    )
    (line,) = output_formats.github_lines(record).splitlines()
    assert line == "::warning file=a%3Ab%2Cc.py,line=3,col=4,title=TM301::50%25 of%0Ait%0D"
    assert WORKFLOW_COMMAND.match(line)


# --- sarif --------------------------------------------------------------------------------


def test_sarif_is_valid_sarif_2_1_0_with_a_rule_for_every_transform(cli, tree):
    text = cli("convert", tree, "--check")
    run = cli("convert", tree, "--check", "--output-format", "sarif")
    assert run.exit_code == text.exit_code
    log = json.loads(run.stdout)
    validate_sarif(log)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "threadmod" and driver["version"]
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == sorted(t.CODE for t in TRANSFORMS)
    by_code = {t.CODE: t for t in TRANSFORMS}
    for rule in rules:
        transform = by_code[rule["id"]]
        assert rule["name"] == transform.NAME
        assert rule["shortDescription"]["text"] == transform.DESCRIPTION
        assert rule["fullDescription"]["text"] and rule["help"]["text"] == transform.explain()
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    findings = []
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] and result["level"] == "warning"
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        region = location["physicalLocation"]["region"]
        assert artifact["uriBaseId"] == "%SRCROOT%" and not artifact["uri"].startswith(("/", "file:"))
        path = unquote(artifact["uri"]).replace("/", os.sep)
        findings.append((path, region["startLine"], region["startColumn"], f"{result['ruleId']} {result['message']['text']}"))
    (invocation,) = sarif_run["invocations"]
    assert invocation["executionSuccessful"] is False
    for notification in invocation["toolExecutionNotifications"]:
        assert notification["level"] == "error"
        (location,) = notification["locations"]
        path = unquote(location["physicalLocation"]["artifactLocation"]["uri"]).replace("/", os.sep)
        region = location["physicalLocation"]["region"]
        cause = notification["message"]["text"].split(": ", 1)[1]
        findings.append((path, region["startLine"], region["startColumn"], cause))
    assert sorted(findings) == text_findings(text.stderr)
    assert any(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/sub%20dir/left%2Covers.py"
               for r in sarif_run["results"])
    base = sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and base.endswith("/")


def test_sarif_of_a_clean_run_succeeded(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("b.py").write_bytes(PLAIN)
    log = json.loads(cli("convert", "b.py", "--output-format", "sarif").stdout)
    validate_sarif(log)
    (sarif_run,) = log["runs"]
    assert sarif_run["results"] == [] and sarif_run["invocations"][0]["executionSuccessful"] is True


def test_sarif_names_a_file_outside_the_current_folder_by_an_absolute_uri(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    record = output_formats.FileRecord(
        str(tmp_path / "elsewhere.py"), "unchanged", diagnostics=[output_formats.Finding(1, 2, "m", "TM301")]
    )
    log = output_formats.sarif_document([record])
    validate_sarif(log)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": (tmp_path / "elsewhere.py").as_uri()}


def test_the_sarif_schema_is_the_official_one():
    assert SARIF_SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})  # a driver needs a name


# --- the options --------------------------------------------------------------------------


def test_text_is_the_default_and_unchanged(cli, tree):
    default = cli("convert", tree, "--diff")
    text = cli("convert", tree, "--diff", "--output-format", "text")
    assert (default.exit_code, default.stdout, default.stderr) == (text.exit_code, text.stdout, text.stderr)


@pytest.mark.parametrize(
    "options, words",
    [
        (["--side-by-side", "--output-format", "json"], "--side-by-side cannot be combined with --output-format json"),
        (["--diff", "--output-format", "github"], "only json has a place for diffs"),
        (["--diff", "--output-format", "sarif"], "only json has a place for diffs"),
        (["--output-format", "xml"], "'xml' is not one of"),
    ],
)
def test_formats_that_cannot_combine_are_usage_errors(cli, tree, options, words):
    run = cli("convert", tree, *options)
    assert run.exit_code == 2 and words in run.stderr and run.stdout == b""


def test_help_names_the_formats(cli):
    run = cli("convert", "--help")
    assert "--output-format [text|json|github|sarif]" in run.stdout.decode()


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_a_folder_with_no_python_files_still_gives_a_document(cli, tmp_path, output_format):
    (tmp_path / "notes.txt").write_text("no code here\n")
    run = cli("convert", str(tmp_path), "--output-format", output_format)
    assert run.exit_code == 0
    document = json.loads(run.stdout)
    if output_format == "json":
        validate_json(document)
        assert document["files"] == [] and document["summary"]["files"] == 0
    else:
        validate_sarif(document)
        assert document["runs"][0]["results"] == []
    assert "no Python files found" in run.stderr
