"""Build hook: ship the repository's content pack (routines/, flows/, scenarios/) inside the wheel.

The pack lives at the repository root so that authors find it; in a wheel it is copied to vinrguide/pack/.
An editable install reads it from the repository root instead (see vinrguide.content.locate).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PACK_DIRS = ("routines", "flows", "scenarios")
PACK_FILES = ("pack.toml", ".startlist.json")  # the start list if `make` wrote it (vinrguide/startlist.py)


class BuildWithPack(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        root = Path(__file__).parent
        target = Path(self.build_lib) / "vinrguide" / "pack"
        for name in PACK_DIRS:
            if (root / name).is_dir():
                shutil.copytree(root / name, target / name, dirs_exist_ok=True)
        for name in PACK_FILES:
            if (root / name).is_file():
                shutil.copy2(root / name, target / name)


setup(cmdclass={"build_py": BuildWithPack})
