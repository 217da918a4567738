"""The kinds of document svcstd knows, in a module light enough for any command to import.

Each kind has a schema (schemas/<kind>.schema.json) and a builder in the model;
the schema module would import the validators and the model its record classes.
"""

KINDS = ("team", "role", "standard", "sop", "waiver", "feedback", "action")
