"""Every read courses' pages and forms make, by subject: ``training`` (the
learner's pages), ``certificates`` and ``assignments`` (administrators' forms).
Each returns rows that already carry what their page shows, in a fixed number
of queries."""
