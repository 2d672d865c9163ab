"""What a run shows a reader: the self-contained HTML report (``html``), its network pictures (``network_svg``) and the
run's markdown summary (``run_summary``). May import the stages, ``store``, ``config``, ``errors``.
"""
