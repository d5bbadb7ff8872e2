"""Listings read their query parameters through forms: what a form refuses is ignored."""


def test_the_plan_list_ignores_what_its_filter_form_refuses(client_for):
    """The plan list reads ?q=&region=&year= through a form (plans.filters): a NUL in the search or a
    region that is not an id lists every plan, as if the parameter had not been given."""
    client = client_for("office")
    everything = len(client.get("/").context["page"].object_list)
    for query in ({"q": "微山\x00"}, {"region": "abc"}, {"year": "9" * 25}):
        assert len(client.get("/", query).context["page"].object_list) == everything, query
