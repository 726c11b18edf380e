//! The steps of generated typed validation (`typed_validation` modules): into a member, an
//! optional member, every item of a list, every member of a map, each with a check that is
//! usually the generated function of the member's type. They are generic and inlined, so
//! the result is the straight-line code one would write with [`Validator::enter_member`] /
//! [`Validator::leave`].

use crate::validate::Validator;

impl Validator {
    /// Checks `value`, the member `name` of a decoded object, with `check`.
    #[inline]
    pub fn member<T: ?Sized>(&mut self, name: &str, value: &T, check: impl FnOnce(&T, &mut Self)) {
        self.member_with_message(name, None, value, check);
    }

    /// [`Validator::member`] for a member that may be absent (`None`): nothing to check then.
    #[inline]
    pub fn optional_member<T>(
        &mut self,
        name: &str,
        value: &Option<T>,
        check: impl FnOnce(&T, &mut Self),
    ) {
        self.optional_ref_member(name, value.as_ref(), check);
    }

    /// [`Validator::optional_member`] for a reference (such as a boxed member's
    /// `as_deref()`).
    #[inline]
    pub fn optional_ref_member<T: ?Sized>(
        &mut self,
        name: &str,
        value: Option<&T>,
        check: impl FnOnce(&T, &mut Self),
    ) {
        if let Some(value) = value {
            self.member_with_message(name, None, value, check);
        }
    }

    /// [`Validator::member`] with the spec's own `message` for what is reported inside.
    #[inline]
    pub fn member_with_message<T: ?Sized>(
        &mut self,
        name: &str,
        message: Option<&'static str>,
        value: &T,
        check: impl FnOnce(&T, &mut Self),
    ) {
        let mark = self.enter_member(name, message);
        check(value, self);
        self.leave(mark);
    }

    /// [`Validator::optional_member`] with the spec's own `message` for what is reported
    /// inside.
    #[inline]
    pub fn optional_member_with_message<T: ?Sized>(
        &mut self,
        name: &str,
        message: Option<&'static str>,
        value: Option<&T>,
        check: impl FnOnce(&T, &mut Self),
    ) {
        if let Some(value) = value {
            self.member_with_message(name, message, value, check);
        }
    }

    /// Reports that the required member `name` is absent when `missing` (`message`: the
    /// spec's own text).
    #[inline]
    pub fn missing_member_if(&mut self, missing: bool, name: &str, message: Option<&'static str>) {
        if missing {
            self.missing_member(name, message);
        }
    }

    /// A content model optional as a whole: once the object has content (`has_content`),
    /// reports each `(name, present, message)` member that is absent.
    #[inline]
    pub fn missing_members_if(
        &mut self,
        has_content: bool,
        members: &[(&str, bool, Option<&'static str>)],
    ) {
        if has_content {
            for (name, present, message) in members {
                self.missing_member_if(!present, name, *message);
            }
        }
    }

    /// Checks every item of `items`, the member `name` of a decoded object, with `check`.
    #[inline]
    pub fn items<T>(&mut self, name: &str, items: &[T], check: impl FnMut(&T, &mut Self)) {
        let mark = self.enter_member(name, None);
        self.each_item(items, check);
        self.leave(mark);
    }

    /// [`Validator::items`] for a member that may be absent (`None`): nothing to check then.
    #[inline]
    pub fn optional_items<T>(
        &mut self,
        name: &str,
        items: &Option<Vec<T>>,
        check: impl FnMut(&T, &mut Self),
    ) {
        if let Some(items) = items {
            self.items(name, items, check);
        }
    }

    /// Checks every item of a decoded list with `check`, at its index.
    #[inline]
    pub fn each_item<T>(&mut self, items: &[T], mut check: impl FnMut(&T, &mut Self)) {
        for (index, item) in items.iter().enumerate() {
            let mark = self.enter_index(index);
            check(item, self);
            self.leave(mark);
        }
    }

    /// Checks the value of every member of a decoded map with `check`, at its name.
    #[inline]
    pub fn each_member<'a, T: 'a>(
        &mut self,
        members: impl IntoIterator<Item = (&'a String, &'a T)>,
        mut check: impl FnMut(&T, &mut Self),
    ) {
        for (name, value) in members {
            let mark = self.enter_member(name, None);
            check(value, self);
            self.leave(mark);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::validate::Validator;

    fn short(text: &String, validator: &mut Validator) {
        if text.len() > 2 {
            validator.report("maxLength", || format!("`{text}` is too long"));
        }
    }

    #[test]
    fn steps_report_at_the_pointer_of_each_value() {
        let mut validator = Validator::new();
        let items = vec!["ok".to_owned(), "long".to_owned()];
        let map: BTreeMap<String, String> = [
            ("a".to_owned(), "xyz".to_owned()),
            ("b".to_owned(), "b".to_owned()),
        ]
        .into();
        validator.member("list", &items, |items, validator| {
            validator.each_item(items, short)
        });
        validator.optional_member("absent", &None::<String>, short);
        validator.optional_member_with_message(
            "named",
            Some("Name too long"),
            Some(&"abc".to_owned()),
            short,
        );
        validator.member_with_message("map", None, &map, |map, validator| {
            validator.each_member(map, short)
        });
        validator.missing_member_if(false, "present", None);
        validator.missing_member_if(true, "absent", Some("Absent is required"));
        validator.items("again", &items, short);
        validator.optional_items("none", &None, short);
        validator.optional_items("some", &Some(vec!["abc".to_owned()]), short);
        let found: Vec<(String, String)> = validator
            .violations()
            .iter()
            .map(|v| (v.pointer.clone(), v.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                ("/list/1".to_owned(), "`long` is too long".to_owned()),
                ("/named".to_owned(), "Name too long".to_owned()),
                ("/map/a".to_owned(), "`xyz` is too long".to_owned()),
                ("".to_owned(), "Absent is required".to_owned()),
                ("/again/1".to_owned(), "`long` is too long".to_owned()),
                ("/some/0".to_owned(), "`abc` is too long".to_owned()),
            ]
        );
        let mut fast = Validator::fast();
        fast.each_item(&items, short);
        assert!(!fast.is_valid() && fast.violations().is_empty());
    }
}
