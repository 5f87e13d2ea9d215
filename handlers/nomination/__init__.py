"""The nomination wizard: a form as data, answers parsed and checked one at a time, the plan's rules on submit."""
