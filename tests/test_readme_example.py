"The README's notebook example runs as written (with the offline tiny model in place of the download), from one import."
import re, os
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]

def test_readme_example_runs(tmp_path, monkeypatch):
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## In a notebook"):text.index("## Speed")]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks[0].startswith("from sst_nb.all import *"), blocks[0][:80]
    assert not any("from sst_nb." in b for b in blocks[1:]), "the example needs one import only"
    code = "\n".join(blocks)
    assert 'load_sam2("facebook/sam2.1-hiera-tiny")' in code
    code = code.replace('load_sam2("facebook/sam2.1-hiera-tiny")', "tiny_sam2()")   # no download here
    monkeypatch.chdir(tmp_path)
    os.environ.setdefault("MPLBACKEND", "Agg")
    ns = {}
    exec(compile(code, "README.md", "exec"), ns)
    assert len(ns["preds"]) == len(ns["ex"].images) and all(p.cycle_iou for p in ns["preds"])
    assert list(ns["ranking"]["rank"]) == list(range(1, len(ns["ex"].images) + 1))
    assert (tmp_path / "adapters" / "beetle").exists()
    assert type(ns["painter"]).__name__ == "TemplatePainter" and type(ns["explorer"]).__name__ == "RetrievalExplorer"

def test_readme_own_photographs_names_every_column():
    "'Your own photographs' describes every column sst writes to predictions.csv, and its shell example parses with `sst`."
    from sst_nb.runs import CSV_FIELDS
    from sst_nb.cli import _parser
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Your own photographs"):text.index("## In a notebook")]
    table = section[section.index("| column | meaning |"):]
    missing = [c for c in CSV_FIELDS if f"`{c}`" not in table]
    assert not missing, f"README's predictions.csv table misses {missing}"
    cmd = re.search(r"```bash\n(sst segment .*?)\n```", section, re.S)[1]
    import shlex
    a = _parser().parse_args(shlex.split(cmd)[1:])
    assert a.template == "T.jpg" and a.mask == "T_mask.png" and a.traits.startswith("{")
