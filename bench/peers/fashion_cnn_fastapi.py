#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The peer of the MLOps capstone's inference server (bench/mlops_load.sh): the same CNN with the
same weights, served by FastAPI + PyTorch under uvicorn, answering the same v2 inference protocol
request (POST /v2/models/fashion_cnn/infer) with the same response, the way the roadmap this
capstone follows suggests ("FastAPI + PyTorch").

    FASHION_CNN_WEIGHTS=REGISTRY/artifacts/sha256/xx/yyyy… \
    uvicorn --app-dir bench/peers fashion_cnn_fastapi:app --host 127.0.0.1 --port 8081 --workers 1

The weights are the safetensors file the registry holds for the served version; Debian 12 has no
python3-safetensors, so the file is read here from the format's definition (8-byte header size,
a JSON header, little-endian F32 tensors). The model is project_image_classifiers' CNN as PyTorch
modules (bench/peers/image_classifiers_torch.py), in eval mode under torch.inference_mode(); the
request body is read with FastAPI's `await request.json()` (the standard library's json; a
pydantic model per request would only be slower). torch.set_num_threads(1) per worker: with
uvicorn's --workers N, N processes share the cores as the C++ server's threads do.
"""
import json
import os
import struct

import numpy as np
import torch
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

torch.set_num_threads(1)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=8 + size + begin)
        tensors[name] = torch.from_numpy(array.reshape(entry["shape"]).copy())
    return tensors


def make_cnn():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(16 * 7 * 7, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))


MODEL = make_cnn()
_weights = read_safetensors(os.environ["FASHION_CNN_WEIGHTS"])
# The store's names (conv1.weight, …, fc2.bias) in the Sequential's order; the layouts are PyTorch's.
_names = ["conv1", "conv2", "fc1", "fc2"]
_layers = [MODEL[0], MODEL[3], MODEL[7], MODEL[9]]
with torch.no_grad():
    for name, layer in zip(_names, _layers):
        layer.weight.copy_(_weights[name + ".weight"])
        layer.bias.copy_(_weights[name + ".bias"])
MODEL.eval()
VERSION = os.environ.get("FASHION_CNN_VERSION", "1")

app = FastAPI()


def error(status, message):
    return JSONResponse(status_code=status, content={"error": message})


@app.get("/v2/health/ready")
def ready():
    return {"ready": True}


@app.post("/v2/models/fashion_cnn/infer")
async def infer(request: Request):
    try:
        body = await request.json()
        tensor = body["inputs"][0]
        if tensor.get("name") != "image" or tensor.get("datatype") != "FP32":
            return error(400, "expected the FP32 input \"image\"")
        shape = tensor["shape"]
        batch = int(shape[0])
        x = torch.tensor(tensor["data"], dtype=torch.float32).reshape(batch, 1, 28, 28)
    except (ValueError, KeyError, IndexError, TypeError, RuntimeError) as e:
        return error(400, f"malformed request: {e}")
    with torch.inference_mode():
        logits = MODEL(x)
    out = {"model_name": "fashion_cnn", "model_version": VERSION, "outputs": [
        {"name": "logits", "shape": [batch, 10], "datatype": "FP32", "data": logits.reshape(-1).tolist()},
        {"name": "class", "shape": [batch], "datatype": "INT64", "data": logits.argmax(1).tolist()}]}
    if "id" in body:
        out["id"] = body["id"]
    return out
