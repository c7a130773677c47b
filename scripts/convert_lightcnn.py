"""Convert the published LightCNN-29 v1 weights to a safetensors file the trainer loads.

The published checkpoint (`LightCNN_29Layer_checkpoint.pth.tar`) is a dict whose
'state_dict' maps names such as 'module.conv1.filter.weight' or
'module.group1.conv_a.filter.weight' to tensors. Without the 'module.' prefix these are the
names of the reference LightCNN29 class, so the output holds, as float32:

    identity.NAME          every layer, for the frozen identity network F
    recognizer.trunk.NAME  the layers up to group2 (conv1, block1, group1, block2, group2),
                           the recognizer's starting point

The classifier layer 'fc2' of the published network (its training identities) is dropped.
The weights fit rec_width 1.0 and image size 128 (the identity fc expects 8x8x128 inputs).

Usage (needs torch and safetensors, e.g. `pip install torch safetensors`):

    python convert_lightcnn.py LightCNN_29Layer_checkpoint.pth.tar lightcnn29.safetensors
"""
import argparse

import torch
from safetensors.torch import save_file

TRUNK_LAYERS = ('conv1.', 'block1.', 'group1.', 'block2.', 'group2.')
IDENTITY_LAYERS = TRUNK_LAYERS + ('block3.', 'group3.', 'block4.', 'group4.', 'fc.')


def convert(state_dict):
    """Published names -> {checkpoint name: float32 tensor}; unknown layers raise."""
    out = {}
    for name, tensor in state_dict.items():
        name = name[len('module.'):] if name.startswith('module.') else name
        if name.startswith('fc2.'):
            continue
        if not name.startswith(IDENTITY_LAYERS):
            raise SystemExit(f'unexpected tensor {name!r}: is this LightCNN-29 v1?')
        tensor = tensor.detach().to(torch.float32).contiguous()
        out['identity.' + name] = tensor
        if name.startswith(TRUNK_LAYERS):
            out['recognizer.trunk.' + name] = tensor.clone()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('checkpoint', help='the published .pth.tar file')
    parser.add_argument('output', help='the safetensors file to write')
    args = parser.parse_args()
    checkpoint = torch.load(args.checkpoint, map_location='cpu', weights_only=False)
    state_dict = checkpoint.get('state_dict', checkpoint)
    tensors = convert(state_dict)
    save_file(tensors, args.output, metadata={'source': 'LightCNN-29 v1', 'rec_width': '1.0'})
    print(f'wrote {len(tensors)} tensors to {args.output}')


if __name__ == '__main__':
    main()
