//! Tenant credit balances (AT-3), shared by the Atomus API and the Apify actor
//! that bills the same tenant. Every change is one check-and-update under one
//! short lock, so concurrent requests can neither overdraw a balance nor lose a
//! refund (SPEC C-6). It knows nothing of requests or modes.

use std::collections::HashMap;

use parking_lot::Mutex;

/// Credits held for one request until it is kept or given back.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "a reservation must be committed or refunded"]
pub struct Reservation {
    tenant: String,
    credits: u64,
}

impl Reservation {
    /// Credits already taken, to be given back through [`Ledger::refund`].
    pub(crate) fn new(tenant: &str, credits: u64) -> Reservation {
        Reservation {
            tenant: tenant.to_string(),
            credits,
        }
    }

    pub fn credits(&self) -> u64 {
        self.credits
    }
}

#[derive(Debug, Default)]
pub struct Ledger {
    balances: Mutex<HashMap<String, u64>>,
}

impl Ledger {
    pub fn new(balances: impl IntoIterator<Item = (String, u64)>) -> Ledger {
        Ledger {
            balances: Mutex::new(balances.into_iter().collect()),
        }
    }

    /// The balance of `tenant`, None for an unknown tenant.
    pub fn balance(&self, tenant: &str) -> Option<u64> {
        self.balances.lock().get(tenant).copied()
    }

    /// Takes exactly `n` credits, or nothing when the balance is lower.
    pub fn reserve(&self, tenant: &str, n: u64) -> Option<Reservation> {
        let mut balances = self.balances.lock();
        let balance = balances.get_mut(tenant)?;
        if *balance < n {
            return None;
        }
        *balance -= n;
        Some(Reservation {
            tenant: tenant.to_string(),
            credits: n,
        })
    }

    /// Takes as many credits as are there, at most `n` (the Apify actor bills
    /// each found profile while credits last).
    pub fn reserve_up_to(&self, tenant: &str, n: u64) -> Reservation {
        let mut balances = self.balances.lock();
        let taken = balances.get_mut(tenant).map_or(0, |balance| {
            let taken = (*balance).min(n);
            *balance -= taken;
            taken
        });
        Reservation {
            tenant: tenant.to_string(),
            credits: taken,
        }
    }

    /// Keeps the reserved credits spent; returns the balance after.
    pub fn commit(&self, reservation: Reservation) -> u64 {
        self.balance(&reservation.tenant).unwrap_or(0)
    }

    /// Gives the reserved credits back; returns the balance after.
    pub fn refund(&self, reservation: Reservation) -> u64 {
        let mut balances = self.balances.lock();
        match balances.get_mut(&reservation.tenant) {
            Some(b) => {
                *b = b.saturating_add(reservation.credits);
                *b
            }
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(credits: u64) -> Ledger {
        Ledger::new([("t".to_string(), credits)])
    }

    #[test]
    fn a_reservation_beyond_the_balance_takes_nothing() {
        let l = ledger(1);
        assert!(l.reserve("t", 2).is_none());
        assert_eq!(l.balance("t"), Some(1));
    }

    #[test]
    fn a_refund_restores_the_balance_and_a_commit_keeps_it_spent() {
        let l = ledger(2);
        let r = l.reserve("t", 1).expect("credit");
        assert_eq!(l.refund(r), 2);
        let r = l.reserve("t", 1).expect("credit");
        assert_eq!(l.commit(r), 1);
    }

    #[test]
    fn reserve_up_to_stops_at_zero() {
        let l = ledger(3);
        assert_eq!(l.reserve_up_to("t", 5).credits(), 3);
        assert_eq!(l.balance("t"), Some(0));
        assert_eq!(l.reserve_up_to("nobody", 5).credits(), 0);
    }

    #[test]
    fn concurrent_reservations_never_overdraw() {
        let l = std::sync::Arc::new(ledger(7));
        let handles: Vec<_> = (0..16)
            .map(|_| {
                let l = l.clone();
                std::thread::spawn(move || l.reserve("t", 1).map(|r| l.commit(r)).is_some())
            })
            .collect();
        let won = handles
            .into_iter()
            .map(|h| h.join().unwrap_or(false))
            .filter(|w| *w)
            .count();
        assert_eq!(won, 7);
        assert_eq!(l.balance("t"), Some(0));
    }
}
