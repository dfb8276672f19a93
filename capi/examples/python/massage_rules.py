"""A small ctypes binding of the massage-rules C ABI, to show the C ABI from a language
with a foreign-function interface. For Python itself, use the package in ``python/``
(``pip install massage-rules``): typed results, exceptions with every problem, Arrow
batches, stubs.

Load the shared library (``libmassage_rules_capi.so``; set ``MASSAGE_RULES_LIB`` to its
path) and call ``screen`` or ``plan`` with Python dicts. Errors raise ``MassageRulesError``
with the status name and the library's error document.
"""

import ctypes
import json
import os
import sys
from ctypes import POINTER, c_char_p, c_uint32, c_void_p


class MassageRulesError(Exception):
    """A call failed; ``status`` names the mr_status, ``document`` is the error JSON."""

    def __init__(self, status, document):
        super().__init__(f"{status}: {document.get('message', '')}")
        self.status = status
        self.document = document


def _library_name():
    if sys.platform == "darwin":
        return "libmassage_rules_capi.dylib"
    if sys.platform.startswith("win"):
        return "massage_rules_capi.dll"
    return "libmassage_rules_capi.so"


def _default_path():
    """The library cargo built: in CARGO_TARGET_DIR, or the workspace's target/, release
    before debug."""
    here = os.path.dirname(os.path.abspath(__file__))
    workspace = os.path.normpath(os.path.join(here, "..", "..", ".."))
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(workspace, "target")
    if not os.path.isabs(target):
        target = os.path.join(workspace, target)
    candidates = [os.path.join(target, profile, _library_name()) for profile in ("release", "debug")]
    for path in candidates:
        if os.path.exists(path):
            return path
    raise FileNotFoundError(
        "no massage-rules C library found (looked in %s); run "
        "`cargo build --release -p massage-rules-capi` or set MASSAGE_RULES_LIB" % ", ".join(candidates)
    )


class MassageRules:
    """The library, with a protocol handle (``seed`` unless told otherwise)."""

    def __init__(self, path=None, protocol="seed"):
        self._lib = ctypes.CDLL(path or os.environ.get("MASSAGE_RULES_LIB") or _default_path())
        lib = self._lib
        lib.mr_version.restype = c_char_p
        lib.mr_status_name.argtypes = [c_uint32]
        lib.mr_status_name.restype = c_char_p
        for name in ("mr_protocol_seed", "mr_protocol_conservative"):
            getattr(lib, name).argtypes = [POINTER(c_void_p)]
            getattr(lib, name).restype = c_uint32
        lib.mr_protocol_from_json_ex.argtypes = [c_char_p, POINTER(c_void_p), POINTER(c_void_p)]
        lib.mr_protocol_from_json_ex.restype = c_uint32
        lib.mr_protocol_free.argtypes = [c_void_p]
        lib.mr_protocol_free.restype = None
        for name in ("mr_screen_json", "mr_care_plan_json"):
            getattr(lib, name).argtypes = [c_void_p, c_char_p, POINTER(c_void_p)]
            getattr(lib, name).restype = c_uint32
        lib.mr_string_free.argtypes = [c_void_p]
        lib.mr_string_free.restype = None
        lib.mr_vocabulary_name.argtypes = [c_uint32, c_uint32]
        lib.mr_vocabulary_name.restype = c_char_p
        lib.mr_vocabulary_label.argtypes = [c_uint32, c_uint32]
        lib.mr_vocabulary_label.restype = c_char_p

        self._protocol = c_void_p()
        if isinstance(protocol, dict):
            error = c_void_p()
            text = json.dumps(protocol).encode()
            status = lib.mr_protocol_from_json_ex(text, ctypes.byref(self._protocol), ctypes.byref(error))
            self._check(status, error)
        else:
            make = {"seed": lib.mr_protocol_seed, "conservative": lib.mr_protocol_conservative}[protocol]
            status = make(ctypes.byref(self._protocol))
            self._check(status, c_void_p())

    def close(self):
        """Frees the protocol handle; the object is unusable afterwards."""
        if self._protocol:
            self._lib.mr_protocol_free(self._protocol)
            self._protocol = c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def version(self):
        """The library's version."""
        return self._lib.mr_version().decode()

    def vocabulary_name(self, vocabulary, code):
        """The name of an item by vocabulary number and code, or None."""
        name = self._lib.mr_vocabulary_name(vocabulary, code)
        return name.decode() if name is not None else None

    def _check(self, status, out):
        if status == 0:
            return
        document = {}
        if out:
            document = json.loads(ctypes.string_at(out).decode())
            self._lib.mr_string_free(out)
        raise MassageRulesError(self._lib.mr_status_name(status).decode(), document)

    def _call(self, function, payload):
        out = c_void_p()
        text = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        status = function(self._protocol, text, ctypes.byref(out))
        self._check(status, out)
        try:
            return json.loads(ctypes.string_at(out).decode())
        finally:
            self._lib.mr_string_free(out)

    def screen(self, intake):
        """Screens an intake (a dict, or JSON bytes); returns the screening as a dict."""
        return self._call(self._lib.mr_screen_json, intake)

    def plan(self, request):
        """Plans care for a request dict (``intake``, optional ``start``, ``availability``,
        ``baseline``); returns the care plan as a dict."""
        return self._call(self._lib.mr_care_plan_json, request)
