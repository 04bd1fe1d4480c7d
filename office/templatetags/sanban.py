from django import template

register = template.Library()


@register.filter
def bs_widget(bound_field):
    """Render a form field's widget with Bootstrap's classes (and is-invalid on errors)."""
    widget = bound_field.field.widget
    kind = getattr(widget, "input_type", "select" if hasattr(widget, "allow_multiple_selected") else "")
    base = {"select": "form-select", "checkbox": "form-check-input"}.get(kind, "form-control")
    css = " ".join(filter(None, [widget.attrs.get("class", ""), base, "is-invalid" if bound_field.errors else ""]))
    return bound_field.as_widget(attrs={"class": css})
