"""A ground truth for the running-cost estimate: weather, house, unit, what Home Assistant shows.

Pure Python (standard library only). The truth is built from published data in `data/`, never
from the integration's cost core, so that the estimate is held against something independent.
"""
