using Notifications.Grains.Limits;

namespace Notifications.Grains.Tests.Limits;

public sealed class RequestWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Admits_the_limit_in_a_minute_and_refuses_the_next_until_the_window_ends()
    {
        var window = new RequestWindow();
        for (var i = 0; i < 100; i++)
        {
            Assert.Null(window.TryCount(100, T0.AddSeconds(i * 0.5)));
        }

        Assert.Equal(TimeSpan.FromSeconds(20), window.TryCount(100, T0.AddSeconds(40)));
        Assert.Equal(TimeSpan.FromMilliseconds(1), window.TryCount(100, T0.AddSeconds(60).AddMilliseconds(-1)));
        Assert.Null(window.TryCount(100, T0.AddSeconds(60)));               // a new window
    }

    [Fact]
    public void A_refused_request_does_not_count()
    {
        var window = new RequestWindow();
        Assert.Null(window.TryCount(1, T0));
        for (var i = 0; i < 10; i++)
        {
            Assert.NotNull(window.TryCount(1, T0.AddSeconds(i)));
        }

        Assert.Null(window.TryCount(1, T0.AddMinutes(1)));
        Assert.NotNull(window.TryCount(1, T0.AddMinutes(1).AddSeconds(1)));
    }

    [Fact]
    public void A_clock_that_went_back_starts_a_new_window_instead_of_blocking()
    {
        var window = new RequestWindow();
        Assert.Null(window.TryCount(1, T0));
        Assert.Null(window.TryCount(1, T0.AddSeconds(-30)));
    }

    [Fact]
    public void Takes_what_is_left_of_a_one_second_window_in_chunks()
    {
        var window = new RequestWindow(TimeSpan.FromSeconds(1));
        Assert.Equal((40, TimeSpan.FromSeconds(1)), window.Take(40, 100, T0));
        Assert.Equal((40, TimeSpan.FromMilliseconds(500)), window.Take(40, 100, T0.AddMilliseconds(500)));
        Assert.Equal((20, TimeSpan.FromMilliseconds(400)), window.Take(40, 100, T0.AddMilliseconds(600)));
        Assert.Equal((0, TimeSpan.FromMilliseconds(300)), window.Take(40, 100, T0.AddMilliseconds(700)));
        Assert.Null(window.TryCount(100, T0.AddSeconds(1)));                  // a new window
        Assert.Equal(99, window.Take(500, 100, T0.AddSeconds(1)).Granted);
    }

    [Fact]
    public void Asking_for_nothing_takes_nothing()
    {
        var window = new RequestWindow(TimeSpan.FromSeconds(1));
        Assert.Equal(0, window.Take(0, 100, T0).Granted);
        Assert.Equal(0, window.Take(-5, 100, T0).Granted);
        Assert.Equal(100, window.Take(100, 100, T0).Granted);
    }
}
