"""English extraction rules on real models: sports pages, surnames, wire copy, salience."""

from __future__ import annotations

import pytest

from indexer.entities import EntityExtractor
from indexer.entities.en_salience import salient_countries


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def _typed(extractor: EntityExtractor, text: str) -> set[tuple[str, str]]:
    return {(m.type, m.text) for m in extractor.extract(text, "en")}


CASES = [
    # a surname written once with a given name names the person where it recurs alone,
    # though Denton is also a Texas city
    ("Veteran boxer Marcus Denton won again on Saturday . Denton , 34 , stopped his "
     "opponent in the third round .",
     {("person", "Marcus Denton"), ("person", "Denton")}, {("place", "Denton")}),
    # results lists: a name before '( Country )' is a person, the country a place
    ("TENNIS - RESULTS .\nWomen 's singles , second round : Karla Dvorakova ( Czech Republic ) "
     "beat Tilde Lindqvist ( Sweden ) 6-3 6-4 .",
     {("person", "Karla Dvorakova"), ("person", "Tilde Lindqvist"),
      ("place", "Czech Republic"), ("place", "Sweden")}, set()),
    # numbered line-ups with spaced dashes
    ("SOCCER - LINE-UPS .\nScorers : Portugal - Rui Teixeira ( 12th ) . Teams : 1 - Nuno "
     "Valente , 4 - Hugo Meireles , 9 - Tiago Bessa .",
     {("person", "Rui Teixeira"), ("person", "Nuno Valente"), ("person", "Hugo Meireles")},
     set()),
    # county and city clubs in a sports story are organizations; the countries stay places
    ("CRICKET - COUNTY CHAMPIONSHIP .\nLONDON 1996-08-30\nSomerset 83 and 174 , "
     "Leicestershire 296 . Leicestershire beat Somerset by an innings . England beat "
     "Pakistan .",
     {("org", "Somerset"), ("place", "England"),
      ("place", "Pakistan"), ("place", "LONDON")}, {("place", "Somerset")}),
    # baseball standings: city names followed by the won/lost columns are clubs
    ("BASEBALL - MAJOR LEAGUE STANDINGS .\nAMERICAN LEAGUE\nEASTERN DIVISION\nW L PCT GB\n"
     "BOSTON 74 59 .556 -\nBALTIMORE 70 63 .526 4\nTORONTO 63 71 .470 11",
     {("org", "BOSTON"), ("org", "BALTIMORE"), ("org", "TORONTO")}, {("place", "BOSTON")}),
    # a company that 'said it' and has 'shares' is no person
    ("Vornex said it would cut 300 jobs . Vornex shares fell 5 percent in Toronto .",
     {("place", "Toronto")}, {("person", "Vornex")}),
    # hard-wrapped wire copy: a line end inside a name is a space (no town 'George')
    ("SHULTZ TO VISIT PEKING\nWASHINGTON, March 2 - U.S. Secretary of State George\n"
     "Shultz will visit Peking next month, officials said on\nMonday. The visit was agreed "
     "in talks with Chinese\nofficials last week, they said.",
     {("person", "George\nShultz"), ("place", "WASHINGTON")}, {("place", "George")}),
    # a dateline city followed by the date is a place; 'Feb' is no state abbreviation
    ("MARSHALL STEEL YEAR NET\nMONTREAL, Feb 26 - Oper shr five cts vs 36 cts",
     {("place", "MONTREAL")}, set()),
    # a demonym in a headline is no town ('THAI' is not Thai in Malaysia)
    ("THAI RICE EXPORTS RISE IN WEEK\nBANGKOK, Feb 27 - Thailand exported 84,960 tonnes of "
     "rice in the week ended February 24.",
     {("place", "BANGKOK"), ("place", "Thailand")}, {("place", "THAI")}),
]


@pytest.mark.parametrize(("text", "present", "absent"), CASES,
                         ids=[c[0][:30] for c in CASES])
def test_english_rules(extractor: EntityExtractor, text: str, present: set, absent: set) -> None:
    found = _typed(extractor, text)
    assert present <= found, sorted(found)
    assert not absent & found, sorted(found)


@pytest.mark.parametrize(("text", "expected", "not_expected"), [
    # a demonym in the headline makes the story about that country
    ("SWISS SIGHT DEPOSITS RISE 3.10 BILLION FRANCS\nZURICH, March 2 - Sight deposits by "
     "commercial banks at the central bank rose. Traders in Tokyo were calm.",
     {"CH"}, {"JP"}),
    # a country named once after the lead is not what the story is about; twice it is
    ("CANADA GOVERNMENT SPENDING TO RISE\nOTTAWA, March 2 - The federal government's "
     "expenditures will rise 3.8 pct. Officials in Britain watched. Exports to Japan rose "
     "and Japan bought more wheat.",
     {"CA", "JP"}, {"GB"}),
])
def test_salient_countries(extractor: EntityExtractor, text: str, expected: set[str],
                           not_expected: set[str]) -> None:
    countries = salient_countries(text, extractor.extract(text, "en"), "en")
    assert expected <= countries, countries
    assert not not_expected & countries, countries
