#!/usr/bin/python3
"""
Exports torchvision's real architectures to ONNX as test material for the ONNX -> TF.js converter
(tests/node/onnx-to-tfjs-torch.test.ts). Run with Debian's python3-torch / python3-torchvision:

    /usr/bin/python3 scripts/make-torch-models.py [--force] [names...]

Each model is built with seeded random weights (no download), made smaller where torchvision's
constructors allow, and exported with a fixed batch of 1. Beside tests/torch-fixtures/<name>.onnx
goes <name>.json: the seeded input and the outputs torch itself computed on it, so the test checks
TF.js against PyTorch as well as against onnxruntime. Files already there are kept (--force
re-exports). Parameters that torchvision initialises to one constant (zero biases, unit norm
scales, ConvNeXt's 1e-6 layer scale, ViT's zero head) and BatchNorm's running statistics are drawn
at random too: a constant there would hide a wrong mapping.
"""
import json
import os
import sys
import time
import warnings

import torch
import torchvision
from torchvision.models import convnext, densenet, efficientnet, regnet, resnet, vision_transformer

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'torch-fixtures')
SEED = 18


def resnet_small():
    return resnet.ResNet(resnet.BasicBlock, [1, 1, 1, 1], num_classes=10)


def mobilenet_v3_small():
    return torchvision.models.mobilenet_v3_small(num_classes=10)


def efficientnet_b0():
    setting, last = efficientnet._efficientnet_conf('efficientnet_b0', width_mult=1.0, depth_mult=1.0)
    return efficientnet.EfficientNet(setting, dropout=0.2, num_classes=10, last_channel=last)


def convnext_small():
    blocks = [convnext.CNBlockConfig(16, 32, 1), convnext.CNBlockConfig(32, 64, 2), convnext.CNBlockConfig(64, None, 1)]
    return convnext.ConvNeXt(blocks, num_classes=10)


def vit_small():
    return vision_transformer.VisionTransformer(
        image_size=64, patch_size=16, num_layers=2, num_heads=4, hidden_dim=64, mlp_dim=128, num_classes=10
    )


def densenet_small():
    return densenet.DenseNet(growth_rate=8, block_config=(2, 2, 2, 2), num_init_features=16, bn_size=2, num_classes=10)


def regnet_small():
    params = regnet.BlockParams.from_init_params(depth=6, w_0=24, w_a=16.0, w_m=2.0, group_width=8, se_ratio=0.25)
    return regnet.RegNet(params, num_classes=10, stem_width=16)


# name -> (constructor, input height/width, opset, symbolic batch). Opset 17 exports LayerNorm as
# LayerNormalization; the ViT at opset 13 gives the decomposed form (ReduceMean, Pow, Sqrt, Div)
# instead, and with a symbolic batch its shape arithmetic cannot all fold (it runs as TF ops).
MODELS = {
    'resnet': (resnet_small, 96, 13, False),
    'mobilenetv3': (mobilenet_v3_small, 96, 17, False),
    'efficientnet': (efficientnet_b0, 64, 17, False),
    'convnext': (convnext_small, 64, 17, False),
    'vit': (vit_small, 64, 17, False),
    'vit-opset13': (vit_small, 64, 13, False),
    'vit-dynamic': (vit_small, 64, 17, True),
    'densenet': (densenet_small, 72, 15, False),
    'regnet': (regnet_small, 64, 16, False),
}


def randomise(model):
    """Constant-initialised parameters and BatchNorm statistics drawn at random (seeded)."""
    with torch.no_grad():
        for p in model.parameters():
            flat = p.detach().flatten()
            if flat.numel() > 0 and bool((flat == flat[0]).all()):
                c = float(flat[0])
                p.copy_(c + 0.1 * max(abs(c), 1.0) * torch.randn_like(p))
        for m in model.modules():
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                m.running_mean.copy_(0.1 * torch.randn_like(m.running_mean))
                m.running_var.copy_(0.5 + torch.rand_like(m.running_var))


def export(name, make, size, opset, dynamic, force):
    onnx_path = os.path.join(OUT, name + '.onnx')
    json_path = os.path.join(OUT, name + '.json')
    if not force and os.path.exists(onnx_path) and os.path.exists(json_path):
        return False
    torch.manual_seed(SEED)
    model = make()
    randomise(model)
    model.eval()
    x = torch.rand(1, 3, size, size)
    with torch.no_grad():
        y = model(x)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        torch.onnx.export(
            model, (x,), onnx_path, opset_version=opset, input_names=['input'], output_names=['logits'],
            do_constant_folding=True, dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}} if dynamic else None,
        )
    reference = {
        'model': name,
        'torch': torch.__version__,
        'torchvision': torchvision.__version__,
        'opset': opset,
        'seed': SEED,
        'inputs': [{'name': 'input', 'dims': list(x.shape), 'data': x.flatten().tolist()}],
        'outputs': [{'name': 'logits', 'dims': list(y.shape), 'data': y.flatten().tolist()}],
    }
    with open(json_path, 'w') as f:
        json.dump(reference, f)
    return True


def main(argv):
    force = '--force' in argv
    names = [a for a in argv if not a.startswith('--')] or list(MODELS)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit(f"unknown model {', '.join(unknown)}; known: {', '.join(MODELS)}")
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    for name in names:
        start = time.time()
        made = export(name, *MODELS[name], force)
        took = f'{time.time() - start:.1f} s' if made else 'kept'
        print(f'{name}: tests/torch-fixtures/{name}.onnx ({took})')


if __name__ == '__main__':
    main(sys.argv[1:])
