"""Many solves: parameter grids in, tidy tables out."""
