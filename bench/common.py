"Shared by the benchmark scripts: the models they time."
import torch
from sst_nb.model import tiny_sam2, build_sam2_model

# sam2.1's released architectures, built from sam2's own configs with random weights (speed does not depend on the
# weights). hiera_l is the model of the paper's public implementation (sam2_hiera_large.pt).
ARCHS = {"hiera_t": "sam2.1_hiera_t", "hiera_s": "sam2.1_hiera_s", "hiera_b+": "sam2.1_hiera_b+", "hiera_l": "sam2.1_hiera_l"}

def make_model(arch:str, image_size:int, device):
    "tiny_sam2 (`arch='tiny'`), or one of `ARCHS` from sam2's config with random weights, seeded."
    if arch == "tiny": return tiny_sam2(image_size, device=device)
    torch.manual_seed(0)
    return build_sam2_model(ARCHS[arch], None, device, [f"++model.image_size={image_size}"], name=f"{ARCHS[arch]}(random, {image_size}px)")

def first_traits(t, n:int):
    "The template `t` with only its first `n` traits (memory attention and the mask decoder run once per trait)."
    from sst_nb.io import Template
    import numpy as np
    keep = t.trait_ids[:n]
    return Template(t.image, np.where(np.isin(t.mask, keep), t.mask, 0), {i: t.traits[i] for i in keep}, t.name)
