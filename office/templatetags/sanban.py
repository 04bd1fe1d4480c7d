from django import template

register = template.Library()


@register.filter
def bs_widget(bound_field):
    """Render a form field's widget with Bootstrap's classes (and is-invalid on errors)."""
    widget = bound_field.field.widget
    if getattr(widget, "input_type", "") in ("checkbox", "radio") and (
        getattr(widget, "allow_multiple_selected", False) or widget.input_type == "radio"
    ):
        return bound_field.as_widget()  # a list of checkboxes or radios: styled by CSS as a whole
    kind = getattr(widget, "input_type", "select" if hasattr(widget, "allow_multiple_selected") else "")
    base = {"select": "form-select", "checkbox": "form-check-input"}.get(kind, "form-control")
    css = " ".join(filter(None, [widget.attrs.get("class", ""), base, "is-invalid" if bound_field.errors else ""]))
    return bound_field.as_widget(attrs={"class": css})


@register.filter
def stage_label(stage: str) -> str:
    """A to-do's stage ("待登记") in the reader's language."""
    from office.stages import stage_label as label

    return label(stage)


@register.filter
def split(value: str):
    """``"a b c"|split`` → ["a", "b", "c"], for listing field names in templates."""
    return value.split()


@register.filter
def field(form, name: str):
    """``form|field:"title"`` → the bound field."""
    return form[name]


@register.inclusion_tag("office/_chain_link.html")
def chain_link(obj):
    """The 链路 button of a detail page: the whole chain of the matter ``obj`` belongs to."""
    from office.chain import chain_url, kind_for

    return {"url": chain_url(obj) if obj is not None and kind_for(type(obj)) is not None else ""}
