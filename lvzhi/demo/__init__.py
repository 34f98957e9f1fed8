"""The fictional demo city 江澜市 (Jianglan): ``manage.py seed --scale demo|city``.

``plan`` invents the city in memory (deterministic for a seed), ``seed`` writes it.
See ``docs/demo-city.md``.
"""
