"""Ships every pipeline config with the package: ``pipelines/*.cfg`` are
copied into ``extractor/configs/`` of the build (the wheel, a non-editable
install), where ``extractor.pipeline.default_config_path`` finds them when
there is no source checkout.  Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class build_py_with_configs(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "extractor" / "configs"
        target.mkdir(parents=True, exist_ok=True)
        for cfg in sorted((HERE / "pipelines").glob("*.cfg")):
            shutil.copy2(cfg, target / cfg.name)


setup(cmdclass={"build_py": build_py_with_configs})
