"""WTForms forms, one module per area. Validation messages are shown at the field."""
