"Shared by the benchmark scripts: the models they time."
import torch
from sst_nb.model import tiny_sam2, build_sam2_model

def make_model(arch:str, image_size:int, device):
    "tiny_sam2, or sam2.1-hiera-tiny's architecture from sam2's config with random weights (speed does not depend on the weights)."
    if arch == "tiny": return tiny_sam2(image_size, device=device)
    torch.manual_seed(0)
    return build_sam2_model("sam2.1_hiera_t", None, device, [f"++model.image_size={image_size}"], name=f"sam2.1_hiera_t(random, {image_size}px)")
