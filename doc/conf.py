# Sphinx configuration for the ipsec module's documentation (doc/ipsec.rst).
# Build with `make doc` (Debian's python3-sphinx, warnings are errors).
import os

project = "ns3-ipsec"
author = "ns3-ipsec authors"
copyright = "2026, ns3-ipsec authors"
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "VERSION")) as f:
    release = f.read().strip()
version = release

# Sphinx's own features only: no extensions.
extensions = []

# The module chapter is the whole document, as in an ns-3 tree where doc/ipsec.rst is
# included into the models manual.
root_doc = master_doc = "ipsec"
source_suffix = {".rst": "restructuredtext"}
exclude_patterns = ["_build", "Doxyfile", "figures/*.py"]

# Code in the chapter is C++ (`.. highlight:: cpp` in ipsec.rst); other literal blocks
# (diagrams, shell sessions, tool output) are marked as plain text there.
highlight_language = "cpp"

# ns-3 writes |ns3| for *ns-3* (its replace.txt); the same substitution here.
rst_prolog = """
.. |ns3| replace:: *ns-3*
"""

html_theme = "classic"
html_title = "ns3-ipsec %s: the ipsec module" % release
html_static_path = []
html_show_sourcelink = False
