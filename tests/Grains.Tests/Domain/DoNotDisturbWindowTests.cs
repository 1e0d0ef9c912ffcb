using Notifications.Grains.Domain;

namespace Notifications.Grains.Tests.Domain;

public sealed class DoNotDisturbWindowTests
{
    private static DoNotDisturb Dnd(string start, string end, string zone = "UTC", bool enabled = true) =>
        new(enabled, TimeOnly.ParseExact(start, "HH:mm"), TimeOnly.ParseExact(end, "HH:mm"), zone);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-01-10T21:59:59.999Z", false)]
    [InlineData("2026-01-10T22:00:00Z", true)]
    [InlineData("2026-01-10T23:59:59Z", true)]
    [InlineData("2026-01-11T00:00:00Z", true)]
    [InlineData("2026-01-11T06:59:59.999Z", true)]
    [InlineData("2026-01-11T07:00:00Z", false)]
    [InlineData("2026-01-11T12:00:00Z", false)]
    public void Window_crossing_midnight(string now, bool silent) =>
        Assert.Equal(silent, DoNotDisturbWindow.IsSilent(Dnd("22:00", "07:00"), Utc(now)));

    [Theory]
    [InlineData("2026-01-10T08:59:00Z", false)]
    [InlineData("2026-01-10T09:00:00Z", true)]
    [InlineData("2026-01-10T16:59:59Z", true)]
    [InlineData("2026-01-10T17:00:00Z", false)]
    [InlineData("2026-01-10T23:00:00Z", false)]
    public void Window_within_a_day(string now, bool silent) =>
        Assert.Equal(silent, DoNotDisturbWindow.IsSilent(Dnd("09:00", "17:00"), Utc(now)));

    [Theory]
    [InlineData("00:00", "00:00")]
    [InlineData("12:30", "12:30")]
    public void Start_equal_to_end_is_an_empty_window(string start, string end)
    {
        for (var minute = 0; minute < 24 * 60; minute += 15)
        {
            Assert.False(DoNotDisturbWindow.IsSilent(Dnd(start, end), Utc("2026-01-10T00:00:00Z").AddMinutes(minute)));
        }
    }

    [Fact]
    public void Whole_day_but_one_minute()
    {
        var dnd = Dnd("00:00", "23:59");
        Assert.True(DoNotDisturbWindow.IsSilent(dnd, Utc("2026-01-10T00:00:00Z")));
        Assert.True(DoNotDisturbWindow.IsSilent(dnd, Utc("2026-01-10T23:58:59Z")));
        Assert.False(DoNotDisturbWindow.IsSilent(dnd, Utc("2026-01-10T23:59:00Z")));
    }

    [Fact]
    public void Disabled_is_never_silent() =>
        Assert.False(DoNotDisturbWindow.IsSilent(Dnd("00:00", "23:59", enabled: false), Utc("2026-01-10T12:00:00Z")));

    [Fact]
    public void Default_is_disabled() =>
        Assert.False(DoNotDisturbWindow.IsSilent(DoNotDisturb.Default, Utc("2026-01-10T23:00:00Z")));

    [Theory]
    // Paris is UTC+1 in winter, UTC+2 in summer (DST).
    [InlineData("2026-01-15T20:59:00Z", false)]
    [InlineData("2026-01-15T21:00:00Z", true)]
    [InlineData("2026-01-16T05:59:00Z", true)]
    [InlineData("2026-01-16T06:00:00Z", false)]
    [InlineData("2026-07-15T19:59:00Z", false)]
    [InlineData("2026-07-15T20:00:00Z", true)]
    [InlineData("2026-07-16T04:59:00Z", true)]
    [InlineData("2026-07-16T05:00:00Z", false)]
    public void Local_time_follows_daylight_saving(string now, bool silent) =>
        Assert.Equal(silent, DoNotDisturbWindow.IsSilent(Dnd("22:00", "07:00", "Europe/Paris"), Utc(now)));

    [Theory]
    // Spring forward in Paris on 2026-03-29: 02:00 local jumps to 03:00 (01:00Z).
    [InlineData("2026-03-29T00:59:59Z", true)]
    [InlineData("2026-03-29T01:00:00Z", false)]
    public void Window_inside_the_skipped_hour(string now, bool silent) =>
        Assert.Equal(silent, DoNotDisturbWindow.IsSilent(Dnd("01:00", "03:00", "Europe/Paris"), Utc(now)));

    [Fact]
    public void Zone_east_of_utc_crosses_the_utc_date()
    {
        // Tokyo is UTC+9 without DST: 14:00Z is 23:00 local.
        var dnd = Dnd("22:00", "07:00", "Asia/Tokyo");
        Assert.True(DoNotDisturbWindow.IsSilent(dnd, Utc("2026-05-01T14:00:00Z")));
        Assert.False(DoNotDisturbWindow.IsSilent(dnd, Utc("2026-05-01T22:00:00Z")));
    }

    [Fact]
    public void Non_utc_offset_of_now_is_irrelevant() =>
        Assert.True(DoNotDisturbWindow.IsSilent(Dnd("22:00", "07:00"), Utc("2026-01-10T01:00:00+03:00")));

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("")]
    [InlineData("utc")]
    public void Unknown_zone_is_not_silent(string zone) =>
        Assert.False(DoNotDisturbWindow.IsSilent(Dnd("00:00", "23:59", zone), Utc("2026-01-10T12:00:00Z")));

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("Europe/Paris")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Australia/Lord_Howe")]
    public void Known_iana_zones_are_found(string zone)
    {
        Assert.True(DoNotDisturbWindow.TryGetTimeZone(zone, out var found));
        Assert.Equal(zone, found.Id);
        Assert.True(DoNotDisturbWindow.TryGetTimeZone(zone, out var cached));
        Assert.Same(found, cached);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" UTC")]
    [InlineData("utc")]
    [InlineData("europe/paris")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("Local")]
    [InlineData("Europe")]
    [InlineData("../../etc/passwd")]
    [InlineData("/usr/share/zoneinfo/UTC")]
    [InlineData("Europe/Paris\0")]
    [InlineData("+01:00")]
    public void Other_zone_names_are_refused(string? zone) =>
        Assert.False(DoNotDisturbWindow.TryGetTimeZone(zone, out _));
}
