# Damaged stores stop the run before any job. A store can lose files or bytes after its job
# finished (a full disk, a killed copy, a bad sync from a cluster) while Snakemake sees only that
# its directory exists and says "Nothing to be done". So every store under results_dir is compared
# with the manifest hopsim.io.write put in it last: every file present with its size, every
# metadata file with its digest (no chunk is read: cheap even for large studies). Changed bytes of
# an unchanged size are caught by the job that decodes the chunk (its CRC-32C), with the same
# command, and by `hopsim inspect --check`. The run is refused rather than a store moved or
# deleted here: every Snakemake command reads this file, dry runs included, and another run may be
# deleting a store just now to remake it. (Snakemake takes --forcerun only from its command line:
# this file is read before it is known.)
# Include this file last: it asks every rule whether it makes a store (stores under results_dir
# that no rule makes, e.g. another config's, are not this run's). Only the main Snakemake process
# checks (a cluster job reads this Snakefile again for its one rule).
from hopsim import io


def damaged_stores():
    return [err for store, err in io.damaged_stores(RESULTS).items()
            if any(rule.is_producer(str(store)) for rule in workflow.rules)]


if workflow.is_main_process and (_damaged := damaged_stores()):
    raise WorkflowError(
        "damaged stores, changed after their jobs had finished:\n"
        + "".join(f"  {err.damage}\n" for err in _damaged)
        + "Rebuild them and what depends on them (add the run's other options, e.g. --profile):\n  "
        + io.rebuild_command([err.store for err in _damaged], workflow.overwrite_configfiles or []))
