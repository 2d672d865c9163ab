"""Quality on labelled data: attribution (``actors``), stance suites (``stance``) and article portrayal
(``portrayal``); coding sheets for human coders (``sampling``) and agreement with them (``agreement``); the metrics they
share are ``stancewatch.models.metrics``. May import every stage."""
