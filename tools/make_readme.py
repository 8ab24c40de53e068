"""Write README.md from nbs/index.ipynb (markdown cells, and code cells not marked `#| hide`).

`python tools/make_readme.py --check` fails when README.md is out of step with the notebook."""
import json, sys
from pathlib import Path
root = Path(__file__).resolve().parents[1]

def render(nb_path=root / "nbs" / "index.ipynb") -> str:
    parts = []
    for c in json.loads(nb_path.read_text())["cells"]:
        src = "".join(c["source"])
        if c["cell_type"] == "markdown": parts.append(src.replace("](images/", "](nbs/images/"))
        elif not any(l.strip().startswith("#| hide") or l.strip().startswith("#|hide") for l in src.splitlines()):
            parts.append(f"```python\n{src}\n```")
    return "<!-- generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook -->\n\n" + "\n\n".join(parts) + "\n"

if __name__ == "__main__":
    text, readme = render(), root / "README.md"
    if "--check" in sys.argv:
        if readme.read_text() != text: sys.exit("README.md is out of step with nbs/index.ipynb: run python tools/make_readme.py")
    else: readme.write_text(text)
