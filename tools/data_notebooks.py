"""The notebooks and test files whose results can depend on which trait-mask folder `find_data_root` finds.

CI runs the whole suite in a clone with nothing beside it (as a user's) and then only these, in place, on the full
release in ../shared/data. A notebook is listed when one of its code cells names a library function that reaches
`find_data_root`, directly or through other library functions (found in sst_nb/*.py by name, to a fixed point).
Usage: python tools/data_notebooks.py [--tests]   (one path a line; --tests lists tests/*.py instead)
"""
import ast, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = "find_data_root"

def library_readers(pkg=ROOT / "sst_nb") -> set:
    "Names of the library's functions (and module-level tables such as `DATASETS`) that reach `find_data_root`, directly or through each other."
    bodies = {}
    def named(node): return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
    for f in sorted(pkg.glob("*.py")):
        if f.name.startswith("_"): continue
        tree = ast.parse(f.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)): bodies.setdefault(node.name, set()).update(named(node))
        for node in tree.body:   # DATASETS = {"major": butterfly_major, ...}
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                    if isinstance(t, ast.Name): bodies.setdefault(t.id, set()).update(named(node.value))
    readers, grew = {SEED}, True
    while grew:
        new = {fn for fn, names in bodies.items() if names & readers} - readers
        readers |= new; grew = bool(new)
    return readers

def uses(text:str, readers:set) -> bool:
    "Whether `text` names one of `readers` as a word."
    return any(re.search(rf"\b{re.escape(r)}\b", text) for r in readers)

def data_notebooks(readers:set) -> list:
    "The notebooks under nbs/ whose code cells name a reader (the cells that define them too: 07_data is listed)."
    out = []
    for nb in sorted((ROOT / "nbs").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in nb.parts: continue
        code = "\n".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "code")
        if uses(code, readers): out.append(nb.relative_to(ROOT))
    return out

def data_tests(readers:set) -> list:
    "The test files that name a reader."
    return [t.relative_to(ROOT) for t in sorted((ROOT / "tests").glob("test_*.py")) if uses(t.read_text(), readers)]

if __name__ == "__main__":
    readers = library_readers()
    assert {"find_data_root", "load_dataset", "neon_beetles"} <= readers, f"the library's data readers were not found: {sorted(readers)}"
    print("\n".join(map(str, data_tests(readers) if "--tests" in sys.argv[1:] else data_notebooks(readers))))
