"""Start-up: the command line loads a command's module, and heavy libraries, only when needed."""

import os
import subprocess
import sys

from mtorlogic.cli import COMMANDS

HEAVY = ("numpy", "scipy", "biodivine_aeon", "matplotlib", "libsbml", "networkx", "clingo", "mpbn")


def _imported_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_help_lists_every_command_without_heavy_imports():
    modules = _imported_after("from mtorlogic.cli import main\n"
                              "try:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert not modules & set(HEAVY)


def test_help_shows_every_registered_command_with_its_short_help():
    done = subprocess.run([sys.executable, "-m", "mtorlogic", "--help"], capture_output=True, text=True, check=True)
    listed = [line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == list(COMMANDS)
    assert "Verdict and graded response of a scenario" in done.stdout


def test_import_mtorlogic_is_light_and_names_load_on_use():
    modules = _imported_after("import mtorlogic")
    assert not modules & set(HEAVY)
    modules = _imported_after("import mtorlogic\nmtorlogic.attractors")
    assert "numpy" in modules and "mtorlogic.engine.attractors" in modules


def test_a_command_loads_only_its_own_module():
    modules = _imported_after("from mtorlogic.cli import main\n"
                              "try:\n    main(['drugs', '--help'])\nexcept SystemExit:\n    pass")
    assert "mtorlogic.cli.model" in modules
    assert not {"mtorlogic.cli.dynamics", "mtorlogic.cli.files", "mtorlogic.cli.screen"} & modules



def test_reading_and_percolating_the_model_needs_no_numpy():
    # Parsing rules and percolating constants is pure Python: numpy loads only where arrays are made.
    modules = _imported_after("from mtorlogic import bundled, io\n"
                              "from mtorlogic.engine.percolate import percolate\n"
                              "percolate(io.read_model(bundled.RULES))")
    assert "mtorlogic.engine.percolate" in modules and "mtorlogic.rules" in modules
    assert "numpy" not in modules


def test_a_command_asks_numpy_for_one_blas_thread_unless_the_user_chose():
    probe = ("import os\nfrom mtorlogic.cli import main\ntry:\n    main(['drugs'])\nexcept SystemExit:\n    pass\n"
             "print(os.environ['OPENBLAS_NUM_THREADS'])")
    environment = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    for preset, expected in ((None, "1"), ("4", "4")):
        env = environment if preset is None else {**environment, "OPENBLAS_NUM_THREADS": preset}
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
        assert done.stdout.split()[-1] == expected
