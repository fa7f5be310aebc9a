//! Places: a fixed table of real cities with their regions and countries,
//! each with a LinkedIn-style geo id (`urn:li:geo:<id>`). Countries carry
//! LinkedIn's own geo ids (the ones clients hard-code, e.g. `103644278` for
//! the United States); city and region ids are mocklink's, stable forever.
//! Members live in cities, companies have their headquarters in one, jobs
//! are posted in one; every provider's location text comes from here.

/// What a geo id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    City,
    Region,
    Country,
}

/// One row of the table: a city, its region (if LinkedIn shows one) and country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct City {
    pub name: &'static str,
    pub region: Option<&'static str>,
    pub country: &'static str,
    /// ISO 3166-1 alpha-2, upper case.
    pub country_code: &'static str,
    pub geo_id: u64,
    pub region_geo_id: Option<u64>,
    pub country_geo_id: u64,
}

impl City {
    /// "Delhi, India" / "Austin, Texas, United States".
    pub fn full(&self) -> String {
        match self.region {
            Some(r) => format!("{}, {}, {}", self.name, r, self.country),
            None => format!("{}, {}", self.name, self.country),
        }
    }
}

/// A geo entity of any kind, as `/search/geo` and geo filters see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub geo_id: u64,
    pub kind: PlaceKind,
    /// "Austin, Texas, United States", "Texas, United States", "United States".
    pub name: String,
    pub country_code: &'static str,
}

impl Place {
    pub fn urn(&self) -> String {
        format!("urn:li:geo:{}", self.geo_id)
    }
}

macro_rules! cities {
    ($(($name:expr, $region:expr, $country:expr, $cc:expr, $geo:expr, $rgeo:expr, $cgeo:expr)),* $(,)?) => {
        &[$(City { name: $name, region: $region, country: $country, country_code: $cc,
                   geo_id: $geo, region_geo_id: $rgeo, country_geo_id: $cgeo }),*]
    };
}

/// Every city mocklink places people, companies and jobs in. Index 0 is Delhi
/// (the default scenario's pinned person lives there). Append only: a city's
/// index is part of member handles and job ids.
pub const CITIES: &[City] = cities![
    ("Delhi", None, "India", "IN", 106_187_582, None, 102_713_980),
    (
        "Bengaluru",
        Some("Karnataka"),
        "India",
        "IN",
        105_214_831,
        Some(100_811_329),
        102_713_980
    ),
    (
        "Mumbai",
        Some("Maharashtra"),
        "India",
        "IN",
        106_164_952,
        Some(106_300_413),
        102_713_980
    ),
    (
        "San Francisco",
        Some("California"),
        "United States",
        "US",
        102_277_331,
        Some(102_095_887),
        103_644_278
    ),
    (
        "New York",
        Some("New York"),
        "United States",
        "US",
        102_571_732,
        Some(105_080_838),
        103_644_278
    ),
    (
        "Austin",
        Some("Texas"),
        "United States",
        "US",
        104_472_866,
        Some(102_748_797),
        103_644_278
    ),
    (
        "Seattle",
        Some("Washington"),
        "United States",
        "US",
        104_116_203,
        Some(103_977_389),
        103_644_278
    ),
    (
        "Chicago",
        Some("Illinois"),
        "United States",
        "US",
        103_112_676,
        Some(101_949_407),
        103_644_278
    ),
    (
        "Boston",
        Some("Massachusetts"),
        "United States",
        "US",
        102_380_872,
        Some(101_098_412),
        103_644_278
    ),
    (
        "Toronto",
        Some("Ontario"),
        "Canada",
        "CA",
        100_025_096,
        Some(105_149_290),
        101_174_742
    ),
    (
        "Vancouver",
        Some("British Columbia"),
        "Canada",
        "CA",
        103_366_113,
        Some(102_044_150),
        101_174_742
    ),
    (
        "London",
        Some("England"),
        "United Kingdom",
        "GB",
        102_257_491,
        Some(102_299_470),
        101_165_590
    ),
    (
        "Manchester",
        Some("England"),
        "United Kingdom",
        "GB",
        100_495_523,
        Some(102_299_470),
        101_165_590
    ),
    (
        "Dublin",
        None,
        "Ireland",
        "IE",
        105_178_154,
        None,
        104_738_515
    ),
    (
        "Berlin",
        None,
        "Germany",
        "DE",
        106_967_730,
        None,
        101_282_230
    ),
    (
        "Munich",
        Some("Bavaria"),
        "Germany",
        "DE",
        100_477_049,
        Some(101_116_454),
        101_282_230
    ),
    (
        "Paris",
        Some("Île-de-France"),
        "France",
        "FR",
        106_383_538,
        Some(104_246_759),
        105_015_875
    ),
    (
        "Amsterdam",
        Some("North Holland"),
        "Netherlands",
        "NL",
        102_011_674,
        Some(104_495_394),
        102_890_719
    ),
    (
        "Madrid",
        None,
        "Spain",
        "ES",
        103_374_081,
        None,
        105_646_813
    ),
    (
        "Lisbon",
        None,
        "Portugal",
        "PT",
        105_272_001,
        None,
        100_364_837
    ),
    (
        "Stockholm",
        None,
        "Sweden",
        "SE",
        104_853_962,
        None,
        105_117_694
    ),
    (
        "Zurich",
        None,
        "Switzerland",
        "CH",
        102_436_504,
        None,
        106_693_272
    ),
    (
        "Singapore",
        None,
        "Singapore",
        "SG",
        103_804_675,
        None,
        102_454_443
    ),
    (
        "Sydney",
        Some("New South Wales"),
        "Australia",
        "AU",
        104_769_905,
        Some(103_521_001),
        101_452_733
    ),
    (
        "Melbourne",
        Some("Victoria"),
        "Australia",
        "AU",
        100_992_797,
        Some(101_930_436),
        101_452_733
    ),
    (
        "São Paulo",
        Some("São Paulo"),
        "Brazil",
        "BR",
        104_746_682,
        Some(103_588_316),
        106_057_199
    ),
    (
        "Mexico City",
        None,
        "Mexico",
        "MX",
        103_359_298,
        None,
        103_323_778
    ),
    (
        "Dubai",
        None,
        "United Arab Emirates",
        "AE",
        106_204_383,
        None,
        104_305_776
    ),
    (
        "Tel Aviv",
        None,
        "Israel",
        "IL",
        101_570_771,
        None,
        101_620_260
    ),
    ("Tokyo", None, "Japan", "JP", 103_689_695, None, 101_355_337),
    (
        "Hyderabad",
        Some("Telangana"),
        "India",
        "IN",
        105_556_991,
        Some(101_305_126),
        102_713_980
    ),
    (
        "Pune",
        Some("Maharashtra"),
        "India",
        "IN",
        114_806_696,
        Some(106_300_413),
        102_713_980
    ),
    (
        "Los Angeles",
        Some("California"),
        "United States",
        "US",
        102_448_103,
        Some(102_095_887),
        103_644_278
    ),
    (
        "Denver",
        Some("Colorado"),
        "United States",
        "US",
        103_736_294,
        Some(105_763_813),
        103_644_278
    ),
    (
        "Atlanta",
        Some("Georgia"),
        "United States",
        "US",
        106_224_388,
        Some(103_950_076),
        103_644_278
    ),
    (
        "Miami",
        Some("Florida"),
        "United States",
        "US",
        102_394_087,
        Some(101_318_387),
        103_644_278
    ),
];

/// The city at `index` (wrapping, so any index names a city).
pub fn city(index: usize) -> &'static City {
    &CITIES[index % CITIES.len()]
}

/// The index of the city with this name (case-insensitive), if listed.
pub fn city_index(name: &str) -> Option<usize> {
    CITIES
        .iter()
        .position(|c| c.name.eq_ignore_ascii_case(name))
}

/// The place a geo id names, of any kind.
pub fn by_geo_id(id: u64) -> Option<Place> {
    all().into_iter().find(|p| p.geo_id == id)
}

/// Every city, region and country in the table, each once.
pub fn all() -> Vec<Place> {
    let mut out: Vec<Place> = Vec::new();
    for c in CITIES {
        if !out.iter().any(|p| p.geo_id == c.country_geo_id) {
            out.push(Place {
                geo_id: c.country_geo_id,
                kind: PlaceKind::Country,
                name: c.country.to_string(),
                country_code: c.country_code,
            });
        }
        if let (Some(r), Some(id)) = (c.region, c.region_geo_id) {
            if !out.iter().any(|p| p.geo_id == id) {
                out.push(Place {
                    geo_id: id,
                    kind: PlaceKind::Region,
                    name: format!("{r}, {}", c.country),
                    country_code: c.country_code,
                });
            }
        }
        out.push(Place {
            geo_id: c.geo_id,
            kind: PlaceKind::City,
            name: c.full(),
            country_code: c.country_code,
        });
    }
    out
}

/// Places whose name contains `text` (case-insensitive, words in order):
/// countries first, then regions, then cities, as LinkedIn's typeahead.
pub fn search(text: &str) -> Vec<Place> {
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<Place> = all()
        .into_iter()
        .filter(|p| {
            p.name.to_lowercase().contains(&needle) || p.country_code.eq_ignore_ascii_case(&needle)
        })
        .collect();
    hits.sort_by_key(|p| match p.kind {
        PlaceKind::Country => 0,
        PlaceKind::Region => 1,
        PlaceKind::City => 2,
    });
    hits
}

/// Whether the city at `index` lies in the place `geo_id` (itself, its
/// region or its country).
pub fn city_in(index: usize, geo_id: u64) -> bool {
    let c = city(index);
    c.geo_id == geo_id || c.region_geo_id == Some(geo_id) || c.country_geo_id == geo_id
}

/// Indices of the cities inside any place whose name matches free text
/// ("United States", "Austin", "texas"): what a plain-text location filter means.
pub fn cities_matching(text: &str) -> Vec<usize> {
    let places = search(text);
    (0..CITIES.len())
        .filter(|&i| places.iter().any(|p| city_in(i, p.geo_id)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geo_ids_are_unique_per_place() {
        let all = all();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(a.geo_id != b.geo_id || a.name == b.name, "{a:?} {b:?}");
            }
        }
        assert_eq!(
            by_geo_id(103_644_278).map(|p| p.name),
            Some("United States".into())
        );
    }

    #[test]
    fn searching_a_country_finds_it_first_and_its_cities_lie_in_it() {
        let hits = search("united states");
        assert_eq!(hits[0].kind, PlaceKind::Country);
        let inside = cities_matching("United States");
        assert!(inside.len() > 5);
        assert!(inside.iter().all(|&i| city(i).country_code == "US"));
        assert_eq!(
            cities_matching("Texas"),
            vec![city_index("Austin").unwrap_or(0)]
        );
    }
}
