# hopsim: the whole study, from config to reports. This file only wires; see workflow/rules/.
import os

from snakemake.exceptions import WorkflowError

import hopsim
from hopsim.config import ConfigError, load_schema, validate
from hopsim.provenance import portable_environment

# Jobs inherit this: numpy's baseline kernels, the same bits on every CPU (hopsim/provenance.py).
os.environ.update(portable_environment())


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


# Validate (and fill defaults) before any rule is defined, so a bad config stops every job.
try:
    _validated = validate(config, load_schema(workflow.source_path("workflow/schemas/config.schema.yaml")))
except ConfigError as err:
    raise WorkflowError(f"invalid config: {err}") from None
config.clear()
config.update(_validated)


include: "workflow/rules/common.smk"
include: "workflow/rules/capacity.smk"
include: "workflow/rules/fixed_points.smk"
include: "workflow/rules/stochastic.smk"
include: "workflow/rules/low_activity.smk"
include: "workflow/rules/ring.smk"
include: "workflow/rules/spiking.smk"
include: "workflow/rules/learning_rules.smk"
include: "workflow/rules/demo.smk"

# The large-N capacity study runs only where a config asks for it (config/paper.yaml).
CAPACITY_LARGE_REPORT = []
if config.get("capacity_large"):

    include: "workflow/rules/capacity_large.smk"

include: "workflow/rules/summary.smk"
# Last: they find the figure and report rules, and the producers of stores, of every family above.
include: "workflow/rules/figures.smk"
include: "workflow/rules/integrity.smk"


rule all:
    default_target: True
    input:
        CAPACITY_REPORT,
        FIXED_POINT_REPORT,
        STOCHASTIC_REPORT,
        LOW_ACTIVITY_REPORT,
        SPIKING_REPORT,
        RING_REPORT,
        LEARNING_RULES_REPORT,
        DEMO_REPORT,
        CAPACITY_LARGE_REPORT,
        SUMMARY_REPORT,
