//! Checks a request must pass before it is sent. Each names the field and
//! never the value, which may be a credential.

use std::collections::BTreeMap;

use crate::error::ValidationError;

/// A value that can check itself against the spec's constraints.
pub trait Validate {
    fn validate(&self) -> Result<(), ValidationError>;
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        (**self).validate()
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        for (i, item) in self.iter().enumerate() {
            item.validate().map_err(|e| e.within(&format!("[{i}]")))?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self) -> Result<(), ValidationError> {
        for (key, item) in self {
            item.validate().map_err(|e| e.within(&format!("[{key:?}]")))?;
        }
        Ok(())
    }
}

/// Checks a value that has constraints of its own.
pub fn nested<T: Validate + ?Sized>(field: &str, value: &T) -> Result<(), ValidationError> {
    value.validate().map_err(|e| e.within(field))
}

/// `maxLength`: counted in characters, as JSON Schema counts.
pub fn max_length(field: &str, value: &str, max: u64) -> Result<(), ValidationError> {
    let length = value.chars().count() as u64;
    if length > max {
        return Err(ValidationError::new(field, format!("is {length} characters long; at most {max} are allowed")));
    }
    Ok(())
}

/// `minLength`: counted in characters, as JSON Schema counts.
pub fn min_length(field: &str, value: &str, min: u64) -> Result<(), ValidationError> {
    let length = value.chars().count() as u64;
    if length < min {
        return Err(ValidationError::new(field, format!("is {length} characters long; at least {min} are required")));
    }
    Ok(())
}

/// `format: email`.
pub fn email(field: &str, value: &str) -> Result<(), ValidationError> {
    if email_address::EmailAddress::is_valid(value) {
        Ok(())
    } else {
        Err(ValidationError::new(field, "is not an email address"))
    }
}

/// `minimum` (inclusive).
pub fn minimum(field: &str, value: f64, min: f64) -> Result<(), ValidationError> {
    if value < min {
        return Err(ValidationError::new(field, format!("is less than the minimum, {min}")));
    }
    Ok(())
}

/// `maximum` (inclusive).
pub fn maximum(field: &str, value: f64, max: f64) -> Result<(), ValidationError> {
    if value > max {
        return Err(ValidationError::new(field, format!("is more than the maximum, {max}")));
    }
    Ok(())
}

/// `maxItems`.
pub fn max_items(field: &str, len: usize, max: u64) -> Result<(), ValidationError> {
    if len as u64 > max {
        return Err(ValidationError::new(field, format!("has {len} items; at most {max} are allowed")));
    }
    Ok(())
}

/// `minItems`.
pub fn min_items(field: &str, len: usize, min: u64) -> Result<(), ValidationError> {
    if (len as u64) < min {
        return Err(ValidationError::new(field, format!("has {len} items; at least {min} are required")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(max_length("name", &"é".repeat(50), 50).is_ok());
        let e = max_length("name", &"a".repeat(51), 50).unwrap_err();
        assert_eq!(e.to_string(), "`name` is 51 characters long; at most 50 are allowed");
        assert!(min_length("name", "", 1).is_err());
    }

    #[test]
    fn emails_are_checked() {
        assert!(email("contact_email", "example@example.com").is_ok());
        assert!(email("contact_email", "not an email").is_err());
        assert!(email("contact_email", "a@").is_err());
    }

    #[test]
    fn numbers_and_items_are_bounded() {
        assert!(minimum("n", 1.0, 1.0).is_ok() && minimum("n", 0.5, 1.0).is_err());
        assert!(maximum("n", 3.0, 3.0).is_ok() && maximum("n", 3.5, 3.0).is_err());
        assert!(max_items("v", 3, 2).is_err() && min_items("v", 0, 1).is_err());
    }
}
