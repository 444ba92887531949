#!/usr/bin/python3
"""Goldens of sfb-generate, computed independently of sfb with Python's own
json, pathlib, zlib and PyYAML (Debian python3-yaml), from the reference's
definitions (SPEC 14.3; the reference's generator/{prompts,config,infer,
io}.py and scripts/run_generator_smoke_test.py, verify_generator_release.py
as documented there; none of their code is used).  Run once by hand:

    /usr/bin/python3 tests/gen/gen_generate_golden.py tests/golden/generate

It writes, under the directory given:
  release_info.json          --release-info
  synthetic.sha256           the dry-run image's pixels and file
  dry_run/NAME.{json,line}   dry_run_metadata.json and the printed line
  config/NAME.{yaml,json}    a config file and json.dumps(to_dict()) of
                             what PyYAML's safe_load makes of it
  plan/NAME.ndjson           the jobs of --plan (argument lists in
                             tests/sfb-generate.bats, case by case)
  plan/NAME.meta.json        the metadata file of the first job
  pypath.tsv                 pathlib and os.fsdecode on awkward paths, hex:
                             path, str(Path), .name, .stem,
                             str(Path / "f.png"), fsdecode as WTF-8
"""
import hashlib
import json
import os
import re
import struct
import sys
import zlib
from pathlib import Path

import yaml

PROMPTS = {
    "elderly_female": "Lumbar spine X-ray of a 75-year-old female patient",
    "elderly_male": "Lumbar spine X-ray of a 75-year-old male patient",
    "young_female": "Lumbar spine X-ray of a 25-year-old female patient",
    "young_male": "Lumbar spine X-ray of a 25-year-old male patient",
}
DEFAULTS = {
    "base_model": "runwayml/stable-diffusion-v1-5", "lora_rank": 64,
    "lora_alpha": 128, "inference_steps": 50, "guidance_scale": 5.0,
    "strength": 0.15, "seed": 42, "image_size": 512, "tsxr_mask_blend": 0.7,
    "checkpoint_path": None, "device": "auto",
}
REPO = "anon-submission7979/spinefairbench-generator"
LORA = "spinefairbench_sd15_lora.safetensors"


def dump(obj):
    return json.dumps(obj, indent=2, sort_keys=True) + "\n"


def release_info():
    return dump({
        "status": "ok", "config": dict(DEFAULTS),
        "qc_thresholds": {"ssim_min": 0.70, "edge_preservation_min": 0.276,
                          "lpips_max": 0.40, "edge_dilation_kernel": 3},
        "prompt_count": 4, "prompts": PROMPTS,
        "checkpoint_released": True, "checkpoint_repo": REPO,
        "recommended_checkpoint": LORA,
        "recommended_checkpoint_sha256": "21bbfa4ee50ff389c3a49edc9fa39f4e1f7c691fad85c34cbcce595f62b8d56c",
        "recommended_checksum_manifest": "SHA256SUMS.recommended.txt",
        "optional_archival_checkpoint": "latest.pt",
        "optional_archival_checkpoint_sha256": "bc3f71631f07f3d0ca645808b0622f28da2c863b21622cab0ed65e8e44f329ff",
        "training_code_released": False,
        "raw_source_radiographs_released": False,
        "standard_library_only": True,
    })


def synthetic():
    size = 128
    rows = [bytes(min(255, int(40 + 120 * (y / (size - 1))) +
                      (90 if abs(x - size // 2) < 10 else 0))
                  for x in range(size)) for y in range(size)]
    raw = b"".join(b"\0" + r for r in rows)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    png = (b"\x89PNG\r\n\x1a\n" +
           chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return (hashlib.sha256(b"".join(rows)).hexdigest() + "  pixels\n" +
            hashlib.sha256(png).hexdigest() + "  synthetic_test_input.png\n")


# Dry runs: name -> (output dir bytes, seed, device bytes).
DRY = {
    "default": (b"/tmp/spinefairbench_generator_smoke", 42, b"auto"),
    "seed7_cuda": (b"out", 7, b"cuda"),
    "negative_seed": (b"./a//b/./", -1, b"cpu"),
    "two_slashes": (b"//tmp/x/", 0, b"mps"),
    "three_slashes": (b"///tmp/x", 123456789012345, b"auto"),
    "dotdot": (b"a/../b", 42, b""),
    "empty": (b"", 42, b"auto"),
    "unicode": ("d\u00e9j\u00e0/\U0001f600".encode(), 42, "cuda:\u00e9".encode()),
    "undecodable": (b"x\xff\xfey", 42, b"c\xe9pu"),
}


def dry_run(out, seed, device):
    out_s, device_s = os.fsdecode(out), os.fsdecode(device)
    cfg = dict(DEFAULTS, seed=seed, device=device_s)
    meta = {
        "status": "dry_run_ok", "source_filename": "synthetic_test_input.png",
        "seed": seed, "config": cfg, "prompts": PROMPTS,
        "checkpoint_required_for_real_inference": True,
        "checkpoint_released": True, "checkpoint_repo": REPO,
        "recommended_checkpoint": LORA,
        "raw_source_radiographs_released": False,
        "note": "Synthetic dry run only; no Stable Diffusion inference executed.",
    }
    line = json.dumps({"status": "ok", "output": str(Path(out_s)),
                       "metadata": "dry_run_metadata.json"}, sort_keys=True)
    return dump(meta), line + "\n"


# Config files PyYAML reads and sfb accepts.
CONFIGS = {
    "reference": "base_model: runwayml/stable-diffusion-v1-5\nlora_rank: 64\n"
                 "lora_alpha: 128\ninference_steps: 50\nguidance_scale: 5.0\n"
                 "strength: 0.15\nseed: 42\nimage_size: 512\n"
                 "tsxr_mask_blend: 0.7\ncheckpoint_path:\ndevice: auto\n",
    "empty": "",
    "comment_only": "# nothing here\n",
    "null_document": "~\n",
    "empty_list": "[]\n",
    "false_document": "false\n",
    "zero_document": "0\n",
    "empty_mapping": "{}\n",
    "int_guidance": "guidance_scale: 7\nstrength: 1\ntsxr_mask_blend: 0\n",
    "yaml11_ints": "seed: 0x2A\nlora_rank: 0b1000\nlora_alpha: 0200\n"
                   "inference_steps: 1_000\nimage_size: +1:04\n",
    "yaml11_floats": "guidance_scale: 1:30.5\nstrength: .5\n"
                     "tsxr_mask_blend: 0.3_3\n",
    "exponent": "guidance_scale: 7.5e+0\nstrength: 2.5E-1\n",
    "quoted_keys": "\"seed\": -7\n'device': \"cuda:1\"\n",
    "last_wins": "seed: 1\nseed: 2\ndevice: cpu\ndevice: mps\n",
    "anchors": "seed: &s 99\nlora_rank: *s\nbase_model: &m my/model\n"
               "device: cpu\n",
    "nested_anchor": "extra: &x [1, {b: &y 2}]\nseed: *y\n",
    "checkpoint": "checkpoint_path: weights/lora.safetensors\n",
    "unicode": "base_model: \"m\\u00e9dic/\u00fcber\"\ndevice: \"\\U0001F600\"\n",
    "flow": "{seed: 5, strength: 0.5, checkpoint_path: null}\n",
    "document_markers": "---\nseed: 3\n...\n",
    "negative_zero": "strength: -0.0\nguidance_scale: 0\n",
    "big_seed": "seed: 9223372036854775807\n",
    "min_seed": "seed: -9223372036854775808\n",
    "tags": "seed: !!int \"7\"\nbase_model: !!str 0\ndevice: ! 'cpu'\n"
            "checkpoint_path: !!null whatever\n",
    "timestamp_unknown": "created: 2024-01-02\nseed: 8\n",
    "unknown_keys": "foo: 1\n1: x\nyes: 2\nnested: {seed: 1}\nseed: 9\n",
}


def config(text):
    data = yaml.safe_load(text) or {}
    assert isinstance(data, dict)
    cfg = dict(DEFAULTS)
    cfg.update({k: v for k, v in data.items() if k in DEFAULTS})
    return dump(cfg)


def job_lines(src, demos, out, ck, mask=None, seed=None, cfg=None,
              device=None):
    """What --plan writes for one command-line source."""
    cfg = dict(DEFAULTS, **(cfg or {}))
    if ck is not None:
        cfg["checkpoint_path"] = str(Path(ck))
    if device:
        cfg["device"] = device
    seed = cfg["seed"] if seed is None else seed
    out_dir = out.replace("{stem}", Path(src).stem)
    lines, metas = [], []
    for d in demos:
        output = Path(out_dir) / f"{d}_counterfactual.png"
        meta = {
            "output_filename": output.name, "target_demographic": d,
            "prompt": PROMPTS[d], "seed": seed,
            "inference_steps": cfg["inference_steps"],
            "guidance_scale": cfg["guidance_scale"],
            "strength": cfg["strength"], "mask_applied": mask is not None,
            "tsxr_mask_blend": cfg["tsxr_mask_blend"] if mask else None,
            "source_filename": Path(src).name,
            "checkpoint_filename": Path(ck).name if ck is not None else None,
        }
        job = {"source_image": src}
        if mask:
            job["mask_image"] = mask
        job.update({
            "target_demographic": d, "prompt": PROMPTS[d],
            "negative_prompt": None, "seed": seed,
            "inference_steps": cfg["inference_steps"],
            "guidance_scale": cfg["guidance_scale"],
            "strength": cfg["strength"], "image_size": cfg["image_size"],
            "base_model": cfg["base_model"], "lora_rank": cfg["lora_rank"],
            "lora_alpha": cfg["lora_alpha"],
            "checkpoint_path": cfg["checkpoint_path"],
            "device": cfg["device"]})
        if mask:
            job["tsxr_mask_blend"] = cfg["tsxr_mask_blend"]
        job["generated_image"] = str(Path(out_dir) / f"{d}_generated.png") \
            if mask else str(output)
        job["output_image"] = str(output)
        job["metadata_path"] = str(output.with_suffix(".json"))
        job["metadata"] = dict(sorted(meta.items()))
        # NDJSON is UTF-8: a lone surrogate (an undecodable byte of a
        # file name) can only be written as its escape.
        line = json.dumps(job, ensure_ascii=False)
        line = re.sub("[\ud800-\udfff]", lambda m: "\\u%04x" % ord(m.group()),
                      line)
        lines.append(line + "\n")
        metas.append(dump(meta))
    return "".join(lines), metas[0]


ALL = list(PROMPTS)
PLANS = {
    "default": dict(src="src.png", demos=["elderly_female"], out="out/",
                    ck="./w//lora.safetensors"),
    "all_mask": dict(src="src.png", demos=ALL, out=".", ck="lora.st",
                     mask="mask.png", seed=7,
                     cfg={"guidance_scale": 7, "strength": 0.3},
                     device="cuda"),
    "two": dict(src="src.png", demos=["young_male", "elderly_male"],
                out="//x/./y", ck="/abs/lora.safetensors"),
    "config_checkpoint": dict(src="src.png", demos=["young_female"],
                              out="o", ck=None,
                              cfg={"checkpoint_path": "from/config.st"}),
    "undecodable": dict(src=os.fsdecode(b"x\xff.png"), demos=["elderly_male"],
                        out=os.fsdecode(b"o\xfe"), ck=os.fsdecode(b"c\xfe")),
    "stem": dict(src="d\u00e9j\u00e0/sp\u00eene.v1.png", demos=["young_male"],
                 out="runs/{stem}", ck="c"),
}


PATHS = [b"", b".", b"..", b"/", b"//", b"///", b"////a", b"a", b"a/", b"a//b",
         b"./a/./b/.", b"a/../b", b"//a//b//", b"///a/b", b".hidden",
         b"a.tar.gz", b"a.", b"dir/.bashrc", b"x/y.png/", b"..png", b"a/..",
         b"/.", b"./", b"a b/c\td", "d\u00e9j\u00e0/\U0001f600.png".encode(),
         b"\xff", b"a\xc3", b"\xc3\x28", b"\xe2\x82", b"\xe2\x82\xac",
         b"\xed\xa0\x80", b"\xf0\x9f\x98", b"\xf4\x90\x80\x80",
         b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf8\x88\x80\x80\x80", b"\x80x",
         b"ok/\xfe\xff.png", b"\xef\xbb\xbfbom"]


def pypath_rows():
    rows = []
    for b in PATHS:
        p = Path(os.fsdecode(b))

        def h(s):
            return s.encode("utf-8", "surrogatepass").hex() or "-"
        rows.append("\t".join([b.hex() or "-", h(str(p)), h(p.name), h(p.stem),
                               h(str(p / "f.png")), h(os.fsdecode(b))]))
    return "\n".join(rows) + "\n"


def main():
    top = Path(sys.argv[1])
    for sub in ("dry_run", "config", "plan"):
        (top / sub).mkdir(parents=True, exist_ok=True)
    (top / "release_info.json").write_text(release_info())
    (top / "synthetic.sha256").write_text(synthetic())
    (top / "pypath.tsv").write_text(pypath_rows())
    for name, (out, seed, device) in DRY.items():
        meta, line = dry_run(out, seed, device)
        (top / "dry_run" / f"{name}.json").write_text(meta)
        (top / "dry_run" / f"{name}.line").write_text(line)
    for name, text in CONFIGS.items():
        (top / "config" / f"{name}.yaml").write_text(text)
        (top / "config" / f"{name}.json").write_text(config(text))
    for name, args in PLANS.items():
        lines, meta = job_lines(**args)
        (top / "plan" / f"{name}.ndjson").write_text(lines, errors="strict")
        (top / "plan" / f"{name}.meta.json").write_text(meta)


if __name__ == "__main__":
    main()
