"""Fields that hold a list of choice codes in a JSONField (conversation topics, target groups)."""


def is_code_list(value, choices):
    """True when `value` is a list whose items all are codes of `choices` (a TextChoices)."""
    return isinstance(value, list) and set(value) <= set(choices.values)


def code_labels(codes, choices):
    """The labels of `codes`, in their order; unknown codes are skipped."""
    labels = dict(choices.choices)
    return [labels[code] for code in codes if code in labels]
