"""Compile what the package needs at run time when it is built: the gettext catalogs (.po → .mo) and the compiled
catalog store (see sipcodes/_compile.py), and the optional native fast path for reading large captures
(sipcodes/_speedups.c; without a C compiler the package installs and works without it, only slower on large
captures). Compiled files are never committed."""

import os
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_py import build_py


class BuildWithCompiledFiles(build_py):
    def run(self):
        super().run()
        package_dir = os.path.abspath(os.path.join(self.build_lib, "sipcodes"))
        if not os.path.exists(os.path.join(package_dir, "_compile.py")):
            return  # an editable install copies nothing here; a source checkout reads its sources
        # a separate interpreter, so that the copy being built is the one imported
        code = "import sys; sys.path.insert(0, sys.argv[1]); from sipcodes._compile import main; " \
               "sys.exit(main(sys.argv[2:]))"
        subprocess.run([sys.executable, "-c", code, self.build_lib, package_dir], check=True)


setup(
    cmdclass={"build_py": BuildWithCompiledFiles},
    ext_modules=[Extension("sipcodes._speedups", ["src/sipcodes/_speedups.c"], optional=True)],
)
