"""Internal-customer feedback: survey results, "you said, we did" actions, the score matrix."""
