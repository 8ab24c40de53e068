"""Every loadable tracker backend behind the same surfaces, unchanged (issue 23): `segment`, `rank_by_trait`, OC-CCL,
click-to-segment, the three widgets that take a model, and the CLI's `--model`. Tiny random models: the plumbing is
tested here; each backend's exactness against its own video pipeline is proved in its notebook."""
import contextlib, io, json
import numpy as np, pytest, torch
from sst_nb.trackers import TRACKERS, TRACKER_MODELS, tiny_tracker, tracker_backend
from sst_nb.examples import load_examples
from sst_nb.segment import segment
from sst_nb.retrieval import rank_by_trait
from sst_nb.occcl import finetune_occcl
from sst_nb.points import PointSegmenter
from sst_nb.painter import TemplatePainter
from sst_nb.explorer import RetrievalExplorer
from sst_nb.viewer import MaskViewer
from sst_nb.cli import main

BACKENDS = [b for b, t in TRACKERS.items() if t.available]
MODEL_ID = {b: next(k for k, v in TRACKER_MODELS.items() if v == b) for b in BACKENDS}   # one model id per backend

def test_every_available_backend_has_a_model_id():
    assert BACKENDS == ["sam2", "efficienttam", "edgetam", "sam3"], BACKENDS          # the default first; every backend issue 23 names
    assert all(tracker_backend(MODEL_ID[b]) == b for b in BACKENDS)

@pytest.fixture(scope="module")
def beetle(): return load_examples("beetle")

@pytest.mark.parametrize("backend", BACKENDS)
def test_backend_surfaces(backend, beetle, tmp_path):
    ex, m = beetle, tiny_tracker(MODEL_ID[backend], image_size=128)
    assert m.backend == backend and not m.trained
    targets = ex.images[:2]
    preds = segment(m, ex.template, targets, confidence=True, progress=False)
    assert [p.error for p in preds] == [None, None]
    assert all(p.mask.shape == ex.true_mask(i).shape for i, p in enumerate(preds))
    assert all(set(np.unique(p.mask)) <= {0, *ex.traits} and p.mask.any() for p in preds)   # traits found, even by an untrained model
    assert all(set(p.cycle_iou) == set(ex.traits) for p in preds)

    r = rank_by_trait(m, ex.template, 3, targets, progress=False)                     # trait 3 (elytra), best first
    assert list(r.image) and r.score_3.is_monotonic_decreasing and r.score_3.between(0, 1).all() and (r.score_3 > 0).any(), r

    tuned, rec = finetune_occcl(m, ex.template, targets[:1], epochs=1, progress=False)   # in place (LoRA added)
    assert len(rec.steps) >= 1 and np.isfinite(rec.steps[-1]["loss"])
    lora = {n: p for n, p in tuned.sam.named_parameters() if "lora_B" in n}
    assert lora and any(p.abs().sum() > 0 for p in lora.values()), "OC-CCL trained no LoRA weight"   # lora_B starts at 0
    assert segment(m, ex.template, targets[:1], progress=False)[0].error is None                # and the tuned model segments

    img = ex.template.image
    prop = PointSegmenter(m, img)([[img.shape[1] // 2, img.shape[0] // 2]], [1])       # click-to-segment
    assert prop.shape == img.shape[:2] and prop.dtype == bool

    p = TemplatePainter(img, ex.traits, model=m)
    assert "sam" in p.tool.options
    p.tool.value = "sam"; p.trait.value = 2; p._on_down(40, 30)
    assert p.proposal.shape == p.mask.shape and p._labels == [1]

    e = RetrievalExplorer(r, targets, ex.template, trait=3, model=m, k=2)
    key = e.rows.image.tolist()[0]
    assert np.array_equal(e._pred[(key, (3,))], segment(m, ex.template, [key], trait_ids=[3], progress=False)[0].mask)

    v = MaskViewer(preds, targets, model=m, templates=ex.template)
    v.fix().load(ex.true_mask(0)); v.buttons["rerun"].click()                            # the correction loop re-runs with this backend
    assert v.corrected == {0} and np.array_equal(v.predictions[0].mask, ex.true_mask(0)), v.out.outputs[-1:]
    new = v.predictions[1]                                                               # re-segmented with both templates
    assert new is not preds[1] and new.error is None and new.mask.shape == preds[1].mask.shape and new.mask.any()

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", "--tiny", "--model", MODEL_ID[backend], "--out", str(tmp_path / "run")]) == 0
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["trained"] is False and run["model"].startswith(f"tiny_{backend}"), run["model"]
    assert len(list((tmp_path / "run" / "overlays").glob("*.jpg"))) == len(load_examples("beetle").images)
