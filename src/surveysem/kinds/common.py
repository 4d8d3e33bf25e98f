"""Settings several steps share: the survey file and model, the bootstrap, the seed, the significance level,
the confidence level, the output language and the population size. One declaration each, so every command gives them the same name and default."""
from __future__ import annotations

from .base import Input, Setting

DATA = Setting("data", "string", "survey or session file (.csv, .xlsx, .sav)", file=True)
MODEL = Setting("model", "string", "lavaan-syntax model: a file path, or the model text itself", file=True)
BOOT = Setting("boot", "integer", "bootstrap resamples (0 = none, else at least 2; 5000 recommended)", default=5000)
SEED = Setting("seed", "integer", "seed of every random step of the study (0 to 2^32 - 1)", default=42,
               cli_default=None)
ALPHA = Setting("alpha", "number", "significance level", default=0.05)
CI = Setting("ci", "number", "confidence level of the bootstrap intervals", default=0.95, old_options=("--level",))
#: the language of printed tables, summary and figures (surveysem.i18n); tidy CSVs stay English
LANGUAGE = Setting("language", "", "language of printed tables, summary and figures: en (English) or id (Bahasa "
                   "Indonesia)", default="en", choices=("en", "id"))

#: the population size for Slovin's formula in the sample-size tables of the survey kinds (pls, regression)
POPULATION_SIZE = Setting("population_size", ("integer", "null"), "population size N: adds Slovin's n = N/(1 + N e²) "
                          "to the sample-size table (null: not known)", default=None)

SETTINGS = (DATA, MODEL, BOOT, SEED, ALPHA, CI, LANGUAGE, POPULATION_SIZE)

#: the study's cleaned survey (``results/<study>/cleaning/clean.csv``) and its model, as the analysis steps read them
CLEAN_DATA = Input("cleaning", "--data", step="cleaning", file="clean.csv")
STUDY_MODEL = Input("model", "--model", model=True)
