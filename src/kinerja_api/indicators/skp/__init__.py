"""Employee performance plans (SKP): work results (RHK), indicators, workflow, realization."""
