"""The stored runs' writer and reader (w2vlib.course.stored_runs), shared by notebooks 07, 09 and 10's commands."""
import json

import pytest

from w2vlib.course.stored_runs import load_runs, write_runs


def test_runs_written_compact_or_indented_read_back_the_same(tmp_path):
    content = {"runs": [{"seed": 0, "ws": 0.43}], "name": "café"}
    write_runs(tmp_path / "new" / "compact.json", content)
    write_runs(tmp_path / "indented.json", content, indent=1)
    compact = (tmp_path / "new" / "compact.json").read_text(encoding="utf-8")
    assert compact.count("\n") == 1 and "café" in compact
    assert (tmp_path / "indented.json").read_text(encoding="utf-8").count("\n") > 5
    assert load_runs(tmp_path / "new" / "compact.json", "x", "y") == content == json.loads(compact)


def test_a_failed_write_keeps_the_earlier_file_whole(tmp_path):
    out = tmp_path / "runs.json"
    write_runs(out, {"seed": 0})
    with pytest.raises(TypeError):
        write_runs(out, {"seed": object()})           # not JSON: fails half-way through the dump
    assert json.loads(out.read_text()) == {"seed": 0}


def test_a_missing_file_names_the_command_that_makes_it(tmp_path):
    with pytest.raises(ValueError, match=r"does not exist; make it with `python -m w2vlib.course.x` \(a minute\)"):
        load_runs(tmp_path / "none.json", "python -m w2vlib.course.x", "a minute")
