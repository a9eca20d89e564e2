# explorer.ipynb is the page the browser test serves with Voila, not a notebook for nbmake to run
collect_ignore_glob = ["*.ipynb"]
