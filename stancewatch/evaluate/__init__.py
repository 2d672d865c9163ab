"""Quality on labelled data: attribution (``actors``), stance suites (``stance``) and article portrayal
(``portrayal``); the metrics they share are ``stancewatch.models.metrics``. May import every stage."""
