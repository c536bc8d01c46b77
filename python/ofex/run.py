"""A run directory as Python data: its configuration, logs and summary."""
import configparser
import csv
import json
import os

import numpy as np


class Run:
    """ofex.Run(dir): config (dict), summary (dict), and each CSV log as a
    dict of numpy columns: eval, progress, units, theta, gates (gates keeps
    its group column as strings)."""

    def __init__(self, path):
        self.path = str(path)
        if not os.path.isfile(os.path.join(self.path, "config.ini")):
            raise FileNotFoundError(self.path + ": no config.ini (not a run)")

    @property
    def config(self):
        parser = configparser.ConfigParser(interpolation=None)  # paths may hold %
        with open(os.path.join(self.path, "config.ini")) as f:
            parser.read_string("[run]\n" + f.read())
        return dict(parser["run"])

    @property
    def summary(self):
        with open(os.path.join(self.path, "summary.json")) as f:
            return json.load(f)

    def log(self, name):
        """Columns of name.csv: floats, except non-numeric ones as strings."""
        with open(os.path.join(self.path, name + ".csv")) as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        columns = {}
        for j, key in enumerate(header):
            values = [r[j] for r in body]
            try:
                columns[key] = np.array([float(v) for v in values])
            except ValueError:
                columns[key] = np.array(values)
        return columns

    eval = property(lambda self: self.log("eval"))
    progress = property(lambda self: self.log("progress"))
    units = property(lambda self: self.log("units"))
    theta = property(lambda self: self.log("theta"))
    gates = property(lambda self: self.log("gates"))
