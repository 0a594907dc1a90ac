"""Unit tests of the complaints domain: no I/O."""
import sys
from pathlib import Path

# The suite runs with --import-mode=importlib, which puts no test folder on sys.path: add ours for the builders.
sys.path.insert(0, str(Path(__file__).parent))
